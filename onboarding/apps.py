from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "onboarding"
    verbose_name = _("Pre-onboarding step")

    def ready(self) -> None:
        from training.panels import employee_sections

        from . import audit  # noqa: F401  (registers this app's source of the employee timeline)
        from .sections import employee_section

        employee_sections.register(employee_section)
