from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "promotion"
    verbose_name = _("Promotion track")

    def ready(self) -> None:
        from training.panels import employee_sections

        from .sections import promotion_section

        employee_sections.register(promotion_section)
