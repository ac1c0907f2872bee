from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quality"
    verbose_name = _("Quality checks")

    def ready(self) -> None:
        # The employee timeline's source (employees.audit) and the block on HR's employee page.
        from training.panels import employee_sections

        from . import audit  # noqa: F401
        from .sections import employee_quality

        employee_sections.register(employee_quality)
