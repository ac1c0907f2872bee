from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RobotsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "robots"
    verbose_name = _("Group robots")

    def ready(self) -> None:
        from knowledge.signals import update_published

        from .receivers import on_update_published

        update_published.connect(on_update_published, dispatch_uid="robots.announce_update")
