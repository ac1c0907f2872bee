from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kpi"
    verbose_name = _("Performance (KPIs)")

    def ready(self) -> None:
        from assessments.evidence import go_live_sections
        from training.panels import employee_sections

        from .sections import employee_kpis, go_live_kpis

        go_live_sections.register(go_live_kpis)
        employee_sections.register(employee_kpis)
