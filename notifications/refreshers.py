"""Telling the mentor (and the employee) that a refresher was asked for.

``career.services.assign_refresher`` sends ``refresher_assigned`` once per new need, after the commit (it
cannot call this module: the apps depend one way); ``NotificationsConfig.ready`` connects the receiver.
Each person gets one notification per need, in their language: the need is the reminder log's subject, so a
signal delivered twice still notifies once.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from career.models import RefresherNeed

from .models import Notification
from .services import Draft, Kind, Writer, deliver


def announce_refresher(*, need_id: int) -> list[Notification]:
    """Notify the employee's mentor and the employee of a refresher need; nothing for a need that no longer
    exists or was announced before."""
    need = RefresherNeed.objects.select_related("employee", "employee__mentor").filter(pk=need_id).first()
    if need is None:
        return []
    employee, today, subject = need.employee, timezone.localdate(), f"refresher-need-{need.pk}"
    drafts = []
    if employee.mentor is not None and employee.mentor.user_id != employee.user_id:
        drafts.append(
            Draft(
                user_id=employee.mentor.user_id,
                kind=Kind.REFRESHER,
                day=today,
                subject=subject,
                url=reverse("mentor_home"),
                write=_writer(need, for_mentor=True),
            )
        )
    drafts.append(
        Draft(
            user_id=employee.user_id,
            kind=Kind.REFRESHER,
            day=today,
            subject=subject,
            url=reverse("home"),
            write=_writer(need, for_mentor=False),
        )
    )
    return deliver(drafts)


def _writer(need: RefresherNeed, *, for_mentor: bool) -> Writer:
    def write() -> tuple[str, str]:
        values = {"name": need.employee.name, "source": need.get_source_display(), "reason": need.reason}
        if for_mentor:
            title = _("Refresher needed for %(name)s") % values
            body = (
                _(
                    "%(name)s should take a refresher (%(source)s): %(reason)s. HR will put them into a refresher "
                    "cohort; please support them in the meantime."
                )
                % values
            )
        else:
            title = _("You are due a refresher")
            body = _("A refresher was asked for you (%(source)s): %(reason)s. HR will tell you its dates.") % values
        return title, body

    return write


def on_refresher_assigned(sender: Any, *, need: RefresherNeed, **kwargs: Any) -> None:
    announce_refresher(need_id=need.pk)
