from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wording"
    verbose_name = _("Banned words")
