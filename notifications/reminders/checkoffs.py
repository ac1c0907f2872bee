"""18:00: roll calls left unfinished (to the cohort's trainers) and shadowing logs missing (to the
mentors), for the sessions of a date."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from training.models import Cohort, ItemRecord, Leader, Method, PlanItem, ScheduledDay, ShadowingLog

from ..services import Draft, Kind, Writer, deliver
from .shared import BATCH_SIZE, FOLLOWING_PLAN_STATES, items_on, pages, short_date


@dataclass
class _Gaps:
    """What is missing in one cohort on one date."""

    trainees: int = 0
    sessions: int = 0


@dataclass
class _Mentee:
    name: str
    cohort_id: int
    cohort_name: str
    day_number: int


@dataclass
class _CheckOffState:
    gaps: dict[int, _Gaps] = field(default_factory=lambda: defaultdict(_Gaps))
    cohort_names: dict[int, str] = field(default_factory=dict)
    mentees: dict[int, list[_Mentee]] = field(default_factory=lambda: defaultdict(list))  # mentor user id →


def send_check_off_reminders(*, on: date, batch_size: int = BATCH_SIZE) -> int:
    """Each trainer of a cohort whose trainees have sessions on `on` without attendance gets one
    reminder naming the cohorts and counts, linking to the roll call; each mentor whose mentee
    had a mentor-led shadowing day without a shadowing log gets one too. Nothing when all is
    recorded. One query for the day's items, three per batch of trainees (scheduled days,
    records, logs), one for the trainers, then `deliver` per batch of recipients."""
    items = items_on(on)
    state = _CheckOffState()
    scheduled = ScheduledDay.objects.filter(date=on, enrollment__state__in=FOLLOWING_PLAN_STATES).select_related(
        "enrollment__employee__mentor", "enrollment__cohort"
    )
    for page in pages(scheduled, batch_size):
        _collect_gaps(page, items, state)
    drafts = _trainer_drafts(on, state) + _mentor_drafts(on, state)
    return sum(len(deliver(drafts[i : i + batch_size])) for i in range(0, len(drafts), batch_size))


def _collect_gaps(
    page: list[ScheduledDay], items: dict[tuple[int, int], list[PlanItem]], state: _CheckOffState
) -> None:
    enrollment_ids = [s.enrollment_id for s in page]
    day_numbers = {s.day_number for s in page}
    recorded = set(
        ItemRecord.objects.filter(enrollment_id__in=enrollment_ids, item__day_number__in=day_numbers)
        .exclude(attendance="")
        .values_list("enrollment_id", "item_id")
    )
    logged = set(
        ShadowingLog.objects.filter(enrollment_id__in=enrollment_ids, day_number__in=day_numbers).values_list(
            "enrollment_id", "day_number"
        )
    )
    for s in page:
        employee, cohort = s.enrollment.employee, s.enrollment.cohort
        day_items = [
            i for i in items.get((s.enrollment.plan_id, s.day_number), []) if i.applies_to(employee.position_class)
        ]
        missing = sum(1 for i in day_items if (s.enrollment_id, i.pk) not in recorded)
        if missing:
            state.gaps[cohort.pk].trainees += 1
            state.gaps[cohort.pk].sessions += missing
            state.cohort_names[cohort.pk] = cohort.name
        shadowing = any(i.leader == Leader.MENTOR and i.method == Method.SHADOWING for i in day_items)
        if shadowing and employee.mentor is not None and (s.enrollment_id, s.day_number) not in logged:
            state.mentees[employee.mentor.user_id].append(
                _Mentee(name=employee.name, cohort_id=cohort.pk, cohort_name=cohort.name, day_number=s.day_number)
            )


# What the group robots' 18:00 digest reads too (robots.digests), so both count gaps the same way.
CheckOffState = _CheckOffState
collect_gaps = _collect_gaps


def _trainer_drafts(on: date, state: _CheckOffState) -> list[Draft]:
    if not state.gaps:
        return []
    cohorts_of: dict[int, list[int]] = defaultdict(list)
    for link in Cohort.trainers.through.objects.filter(cohort_id__in=list(state.gaps)).order_by("cohort_id"):
        cohorts_of[link.user_id].append(link.cohort_id)
    drafts = []
    for user_id, cohort_ids in cohorts_of.items():
        # The link opens the roll call with the most sessions left; the message names them all.
        cohort_ids.sort(key=lambda pk: (-state.gaps[pk].sessions, state.cohort_names[pk]))
        rows = [(state.cohort_names[pk], state.gaps[pk].trainees, state.gaps[pk].sessions) for pk in cohort_ids]
        drafts.append(
            Draft(
                user_id=user_id,
                kind=Kind.CHECK_OFF,
                day=on,
                url=reverse("roll_call", args=[cohort_ids[0], on.isoformat()]),
                write=_check_off_writer(on, rows),
            )
        )
    return drafts


def _check_off_writer(on: date, rows: list[tuple[str, int, int]]) -> Writer:
    def write() -> tuple[str, str]:
        title = _("Roll call not finished for %(date)s") % {"date": short_date(on)}
        lines = [
            _("%(cohort)s: %(sessions)s without attendance (%(trainees)s)")
            % {
                "cohort": name,
                "sessions": ngettext("%(count)d session", "%(count)d sessions", sessions) % {"count": sessions},
                "trainees": ngettext("%(count)d trainee", "%(count)d trainees", trainees) % {"count": trainees},
            }
            for name, trainees, sessions in rows
        ]
        return title, "\n".join(lines)

    return write


def _mentor_drafts(on: date, state: _CheckOffState) -> list[Draft]:
    drafts = []
    for user_id, mentees in state.mentees.items():
        mentees.sort(key=lambda m: (m.cohort_name, m.name))
        drafts.append(
            Draft(
                user_id=user_id,
                kind=Kind.SHADOWING_LOG,
                day=on,
                url=reverse("roll_call", args=[mentees[0].cohort_id, on.isoformat()]),
                write=_mentor_writer(on, mentees),
            )
        )
    return drafts


def _mentor_writer(on: date, mentees: list[_Mentee]) -> Writer:
    def write() -> tuple[str, str]:
        title = _("Shadowing log missing for %(date)s") % {"date": short_date(on)}
        lines = [
            _("%(name)s · %(cohort)s · day %(day)s") % {"name": m.name, "cohort": m.cohort_name, "day": m.day_number}
            for m in mentees
        ]
        return title, "\n".join(lines)

    return write
