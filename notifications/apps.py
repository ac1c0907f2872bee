from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self) -> None:
        from assessments.signals import attempt_graded

        from .grades import on_attempt_graded

        attempt_graded.connect(on_attempt_graded, dispatch_uid="notifications.announce_grade")

        from knowledge.signals import update_published

        from .knowledge import on_update_published

        update_published.connect(on_update_published, dispatch_uid="notifications.announce_update")
