from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coaching"
    verbose_name = _("Trial post, coaching, rewards and penalties")

    def ready(self) -> None:
        from assessments.evidence import go_live_sections
        from training.panels import employee_sections

        # Registers this app's sources of the employee timeline (employees.audit).
        from . import audit  # noqa: F401
        from .sections import coaching_section, rewards_section, trial_post_section

        go_live_sections.register(trial_post_section)
        employee_sections.register(coaching_section)
        employee_sections.register(rewards_section)
