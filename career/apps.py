from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "career"
    verbose_name = _("Career-long training")

    def ready(self) -> None:
        from assessments.signals import attempt_result_final
        from training.panels import employee_sections
        from training.signals import enrollment_state_changed

        from . import audit  # noqa: F401  # registers the timeline sources
        from .panels import certifications_section
        from .receivers import on_attempt_result_final, on_enrollment_state_changed

        attempt_result_final.connect(on_attempt_result_final, dispatch_uid="career.certify_from_exam")
        enrollment_state_changed.connect(on_enrollment_state_changed, dispatch_uid="career.certify_from_refresher")
        employee_sections.register(certifications_section)
