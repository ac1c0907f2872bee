from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = _("Training plans and cohorts")

    def ready(self) -> None:
        # Registers this app's sources of the employee timeline (employees.audit).
        from . import audit  # noqa: F401
