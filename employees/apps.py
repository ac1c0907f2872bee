from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "employees"
    verbose_name = _("Employees")

    def ready(self) -> None:
        # Connects the user_logged_in receiver (in middleware.py) that reads the set-password duty at login.
        from . import middleware  # noqa: F401
