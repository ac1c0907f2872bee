"""Telling people about knowledge updates: each recipient when a version reaches them.

The knowledge app sends ``update_published`` after the commit of a publication (a new update, a new
version, people added); ``NotificationsConfig.ready`` connects the receiver. One notification per person
and version: the version is the reminder log's subject, so a signal delivered twice notifies once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Employee
from knowledge.models import Version

from .reminders.shared import BATCH_SIZE, short_date
from .services import Draft, Kind, Writer, deliver


def announce_update(*, version_id: int, employee_ids: Sequence[int], batch_size: int = BATCH_SIZE) -> int:
    """Notify the people a version reached; returns how many were told. Two queries, then a fixed
    number per batch."""
    version = Version.objects.select_related("update").filter(pk=version_id).first()
    if version is None:
        return 0
    user_ids = list(Employee.objects.filter(pk__in=list(employee_ids)).values_list("user_id", flat=True))
    url = reverse("knowledge_detail", args=[version.update_id])
    today = timezone.localdate()
    write = _update_writer(version)
    drafts = [
        Draft(
            user_id=user_id,
            kind=Kind.KNOWLEDGE_UPDATE,
            day=today,
            subject=f"update-{version.update_id}-v{version.number}",
            url=url,
            write=write,
        )
        for user_id in user_ids
    ]
    return sum(len(deliver(drafts[i : i + batch_size])) for i in range(0, len(drafts), batch_size))


def _update_writer(version: Version) -> Writer:
    def write() -> tuple[str, str]:
        values = {"title": version.title, "n": version.number, "date": short_date(version.deadline)}
        if version.number == 1:
            title = _("New knowledge update: %(title)s") % values
        else:
            title = _("Knowledge update changed (version %(n)s): %(title)s") % values
        lines = [_("Read it and confirm that you have understood it by %(date)s.") % values]
        if version.change_note:
            lines.insert(0, _("What changed: %(note)s") % {"note": version.change_note})
        if version.quiz_id:
            lines.append(_("It has a short quiz to pass."))
        return title, "\n".join(lines)

    return write


def on_update_published(sender: Any, *, version_id: int, employee_ids: Sequence[int], **kwargs: Any) -> None:
    announce_update(version_id=version_id, employee_ids=employee_ids)
