"""Admin registrations for this area (imported by the app's admin.py)."""
