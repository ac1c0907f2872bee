from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialogues"
    verbose_name = _("Buyer dialogues")

    def ready(self) -> None:
        from assessments.evidence import go_live_sections

        from .sections import go_live_dialogues

        go_live_sections.register(go_live_dialogues)
