from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin on the portal's site, which keeps query strings and dates in range (admin_site.py)."""

    default_site = "config.admin_site.PortalAdminSite"
