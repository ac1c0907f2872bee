"""The pre-onboarding step still open when day 1 comes: the evening before day 1 (19:00) and the morning of
day 1 (08:00), each hire whose day 1 is held gets what is missing (the handbook confirmation, the handbook
quiz) and a link to *today*, where the step is. Each reminder is logged on the date of day 1 with its moment
as subject, so a weekend run of the evening reminder does not repeat Friday's, and nobody gets one twice."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from onboarding.selectors import not_ready, with_readiness
from training.models import Enrollment, ScheduledDay

from ..services import Draft, Kind, Writer, deliver
from .exams import next_working_day
from .shared import BATCH_SIZE, FOLLOWING_PLAN_STATES, pages, short_date

EVE, MORNING = "eve", "day-1"


def send_pre_onboarding_eve(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """19:00: hires whose day 1 is the next working day after `on` and who are not ready for it."""
    return _remind(day_one=next_working_day(on), moment=EVE, batch_size=batch_size)


def send_day_one_held(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """08:00: hires whose day 1 is `on` and is still held."""
    return _remind(day_one=on, moment=MORNING, batch_size=batch_size)


def _remind(*, day_one: date, moment: str, batch_size: int) -> int:
    """One query per batch for the hires (keyset pages of their day 1), one for what each still misses, then
    `deliver`."""
    held = not_ready(Enrollment.objects.all()).values("pk")
    scheduled = ScheduledDay.objects.filter(
        date=day_one,
        day_number=1,
        enrollment__in=held,
        enrollment__state__in=FOLLOWING_PLAN_STATES,
        enrollment__employee__user__is_active=True,
    )
    url = reverse("today")
    sent = 0
    for page in pages(scheduled, batch_size):
        rows = with_readiness(Enrollment.objects.filter(pk__in=[s.enrollment_id for s in page])).select_related(
            "employee"
        )
        drafts = [
            Draft(
                user_id=row.employee.user_id,
                kind=Kind.PRE_ONBOARDING,
                day=day_one,
                subject=moment,
                url=url,
                write=_writer(
                    day_one=day_one,
                    moment=moment,
                    confirmed=row.confirmed_at is not None,
                    passed=bool(row.quiz_passed),
                ),
            )
            for row in rows
        ]
        sent += len(deliver(drafts))
    return sent


def _writer(*, day_one: date, moment: str, confirmed: bool, passed: bool) -> Writer:
    def write() -> tuple[str, str]:
        if moment == EVE:
            title = _("Day 1 is %(date)s: finish your pre-onboarding first") % {"date": short_date(day_one)}
        else:
            title = _("Day 1 is locked until you finish your pre-onboarding")
        lines = []
        if not confirmed:
            lines.append(_("Read the employee handbook and confirm that you have read it."))
        if not passed:
            lines.append(_("Pass the handbook quiz."))
        lines.append(_("Day 1 opens as soon as both are done. Open today's page in the portal."))
        return title, "\n".join(lines)

    return write
