from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self) -> None:
        from assessments.signals import attempt_graded
        from career.signals import refresher_assigned
        from knowledge.signals import update_published

        from .grades import on_attempt_graded
        from .knowledge import on_update_published
        from .refreshers import on_refresher_assigned

        attempt_graded.connect(on_attempt_graded, dispatch_uid="notifications.announce_grade")
        refresher_assigned.connect(on_refresher_assigned, dispatch_uid="notifications.announce_refresher")
        update_published.connect(on_update_published, dispatch_uid="notifications.announce_update")
