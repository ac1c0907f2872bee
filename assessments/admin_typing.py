"""Admin registrations for this area (imported by assessments/admin.py)."""
