"""Permission-matrix rows for this area's URLs (see tests/test_permissions.py):
(url name, kwargs factory taking the World or None, row(anon, hr, trainer, mentor, trainee, outsider)).

Every login has a bell: the list and the settings are open to all roles. A notification is its
recipient's alone (here the trainee's): anyone else gets a 404. Marking read is POST only."""

from __future__ import annotations

from tests.matrix import row


def trainees_notification(world) -> dict[str, int]:
    from notifications.models import Notification

    note = Notification.objects.create(user=world.trainee.user, kind="daily_plan", title="今日安排", url="/today/")
    return {"pk": note.pk}


#                                                           anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("notification_list", None, row(302, 200, 200, 200, 200, 200)),
    ("notification_settings", None, row(302, 200, 200, 200, 200, 200)),
    ("notification_open", trainees_notification, row(302, 404, 404, 404, 302, 404)),
    ("notification_read", trainees_notification, row(302, 405, 405, 405, 405, 405)),  # POST only
    ("notification_read_all", None, row(302, 405, 405, 405, 405, 405)),  # POST only
]
