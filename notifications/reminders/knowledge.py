"""09:30: people who have not finished a knowledge update after its deadline (not confirmed, or its quiz
not passed) get one reminder a day listing them, in the portal and by e-mail, for a week after each
deadline (``LATE_DAYS``). Then HR follows up in person from the update's late list: a reminder that
comes every day for ever is one people stop reading. Nobody is reminded of an update they finished,
or once they left or were eliminated; a new version's deadline starts its own week.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Attempt
from employees.models import Employee
from knowledge.models import Receipt, Recipient, Version
from knowledge.services import NAMEABLE

from ..services import Draft, Kind, Writer, deliver
from .shared import BATCH_SIZE, pages, short_date

LATE_DAYS = 7
LISTED = 5


def late_recipients(on: date) -> QuerySet[Recipient]:
    """Recipient rows of updates whose current version's deadline was 1 to ``LATE_DAYS`` days before
    ``on``, of people still employed who have not finished that version."""
    confirmed = Receipt.objects.filter(
        version_id=OuterRef("update__current_id"), employee_id=OuterRef("employee_id"), confirmed_at__isnull=False
    )
    passed = Attempt.objects.filter(
        exam_id=OuterRef("update__current__quiz_id"),
        employee_id=OuterRef("employee_id"),
        passed=True,
        is_practice=False,
    )
    return (
        Recipient.objects.filter(
            update__current__deadline__lt=on,
            update__current__deadline__gte=on - timedelta(days=LATE_DAYS),
            employee__status__in=NAMEABLE,
        )
        .alias(quiz_passed=Exists(passed))
        .filter(~Exists(confirmed) | Q(update__current__quiz__isnull=False, quiz_passed=False))
    )


def send_knowledge_reminders(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """One reminder per person and day, however many updates they are late with. Two queries per batch
    of people: the people, then their late updates."""
    late = late_recipients(on)
    people = Employee.objects.filter(pk__in=late.values("employee_id"))
    sent = 0
    for page in pages(people, batch_size):
        versions: dict[int, list[Version]] = defaultdict(list)
        for recipient in (
            late.filter(employee_id__in=[e.pk for e in page])
            .select_related("update__current")
            .order_by("update__current__deadline", "update_id")
        ):
            assert recipient.update.current is not None  # the deadline filter needs a current version
            versions[recipient.employee_id].append(recipient.update.current)
        drafts = [
            Draft(
                user_id=employee.user_id,
                kind=Kind.KNOWLEDGE_LATE,
                day=on,
                url=(
                    reverse("knowledge_detail", args=[versions[employee.pk][0].update_id])
                    if len(versions[employee.pk]) == 1
                    else reverse("knowledge_mine")
                ),
                write=_late_writer(versions[employee.pk]),
            )
            for employee in page
            if versions[employee.pk]
        ]
        sent += len(deliver(drafts))
    return sent


def _late_writer(versions: list[Version]) -> Writer:
    def write() -> tuple[str, str]:
        count = len(versions)
        if count == 1:
            title = _("Overdue knowledge update: %(title)s") % {"title": versions[0].title}
        else:
            title = ngettext("%(count)d knowledge update overdue", "%(count)d knowledge updates overdue", count) % {
                "count": count
            }
        lines = [
            _("%(title)s (was due %(date)s)") % {"title": v.title, "date": short_date(v.deadline)}
            for v in versions[:LISTED]
        ]
        if count > LISTED:
            lines.append(_("and %(count)d more") % {"count": count - LISTED})
        lines.append(_("Open each one, confirm that you have read and understood it, and pass its quiz if it has one."))
        return title, "\n".join(lines)

    return write
