from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "career"
    verbose_name = _("Career-long training")
