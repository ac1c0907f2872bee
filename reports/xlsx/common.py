"""Pieces the report builders share: labels in the build's language, names, rates, the rule for
which exams and rubrics belong to a cohort, the columns several sheets have, and the per-enrollment
figures several sheets show.

Every fixed text of a report (sheet names, headers, notes) is translated: the builders run inside
``translation.override(<the asker's language>)``. Columns defined at import time use lazy
translations, which the renderer resolves when it writes the header row. Where the report's
Chinese wording differs from what the same English words say elsewhere in the portal, the message
has the context ``"excel report"`` (a literal at each call: makemessages reads only literals)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Avg, Count, F, Q, TextChoices
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from common.xlsx.render import DATE, DATETIME, DEC1, INT, Column
from employees.models import PositionClass, Status, Tier
from training.models import Attendance, Enrollment, EnrollmentState, Outcome, ShadowingLog

T = TypeVar("T")
R = TypeVar("R", bound=Mapping[str, Any])  # a row of .values()

ATTENDED = (Attendance.PRESENT, Attendance.LATE)
# Worst first: the mark a day shows when its sessions were marked differently.
ATTENDANCE_ORDER = (Attendance.ABSENT, Attendance.LEAVE, Attendance.LATE, Attendance.PRESENT)
CHUNK = 2000  # rows fetched at a time from streamed queries


def labels(choices: type[TextChoices]) -> dict[str, str]:
    """value → label in the active language, resolved once per build."""
    return {value: str(label) for value, label in choices.choices}


class Labels:
    """The choice labels a report needs, in the language the report is built in."""

    def __init__(self) -> None:
        self.status = labels(Status)
        self.position = labels(PositionClass)
        self.tier = labels(Tier)
        self.attendance = labels(Attendance)
        self.state = labels(EnrollmentState)
        self.outcome = labels(Outcome)


def yes_no(value: bool | None) -> str | None:
    """Yes / No in the build's language (是 / 否); None stays empty."""
    if value is None:
        return None
    return _("Yes") if value else _("No")


def person(first: str | None, last: str | None, username: str | None) -> str | None:
    """A login's display name as the portal shows it (full name, else the login name)."""
    if username is None:
        return None
    return f"{first or ''} {last or ''}".strip() or username


def rate(part: int | None, whole: int | None) -> float | None:
    """part / whole as a fraction rounded to 0.01 % (Excel shows it as a percentage); None when
    there is nothing to divide by."""
    if not whole:
        return None
    return round((part or 0) / whole, 4)


def one_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"))


def day_span(since: date, until: date) -> tuple[datetime, datetime]:
    """The aware datetimes [since 00:00, until+1 00:00) in Asia/Shanghai."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(since, time.min, tzinfo=tz)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def plan_ids_of(cohort_ids: Iterable[int]) -> dict[int, set[int]]:
    """cohort id → the plans its members follow (one query)."""
    out: dict[int, set[int]] = {}
    rows = Enrollment.objects.filter(cohort_id__in=list(cohort_ids)).values_list("cohort_id", "plan_id").distinct()
    for cohort_id, plan_id in rows:
        out.setdefault(cohort_id, set()).add(plan_id)
    return out


def same_plan(prefix: str, path: str = "employee__enrollments__") -> Q:
    """``<prefix>item__template_id = <path>plan_id`` or ``<prefix>item`` is empty, in one Q so that
    Django reuses the enrollment join of the surrounding filter() call."""
    return Q(**{f"{prefix}item__template_id": F(f"{path}plan_id")}) | Q(**{f"{prefix}item__isnull": True})


def merge_sorted(
    primary: Iterable[T], secondary: Iterator[R], *, key: str, primary_key: Any, known: set[Any]
) -> Iterator[tuple[T, list[R]]]:
    """Pair each primary row with the secondary rows that share its key. Both streams must come
    in the same order (the same ORDER BY from the same database), so nothing is held in memory
    beyond one group. Secondary rows whose key is not `known` (a member added while the report
    was being read) are skipped rather than allowed to hold up the rows after them."""
    pending = next(secondary, None)
    for row in primary:
        wanted = primary_key(row)
        group = []
        while pending is not None and (pending[key] == wanted or pending[key] not in known):
            if pending[key] == wanted:
                group.append(pending)
            pending = next(secondary, None)
        yield row, group


# ---------------------------------------------------------------------------- columns

MEMBER_COLUMNS = [Column(gettext_lazy("Employee number"), width=12), Column(gettext_lazy("Name"), width=12)]
# Who an employee is, as the employee list and the transcript show it.
EMPLOYEE_COLUMNS = [
    *MEMBER_COLUMNS,
    Column(pgettext_lazy("excel report", "Tier"), width=10),
    Column(gettext_lazy("Position class"), width=10),
    Column(gettext_lazy("Status"), width=10),
    Column(gettext_lazy("Hire date"), DATE),
    Column(gettext_lazy("Team / shop"), width=16),
    Column(pgettext_lazy("excel report", "Phone"), width=14),
    Column(gettext_lazy("Mentor"), width=10),
]
# A status change after its time (and whose it is), as in status_change_cells.
STATUS_CHANGE_COLUMNS = [
    Column(gettext_lazy("Previous status"), width=10),
    Column(gettext_lazy("New status"), width=10),
    Column(gettext_lazy("Phase"), INT, width=6),
    Column(pgettext_lazy("excel report", "Plan day"), INT, width=7),
    Column(gettext_lazy("Reason"), width=50),
    Column(gettext_lazy("By"), width=10),
]


def attempt_columns(exam_width: int) -> list[Column]:
    """The columns of an exam attempt, from the exam's title (``exam_width`` wide) to the answers
    awaiting grading."""
    return [
        Column(_("Exam"), width=exam_width),
        Column(capfirst(_("pass exam")), width=8),
        Column(pgettext("excel report", "Attempt"), INT, width=7),
        Column(capfirst(_("started at")), DATETIME),
        Column(capfirst(_("closed at")), DATETIME),
        Column(_("Status"), width=12),
        Column(pgettext("excel report", "Score"), DEC1, width=8),
        Column(capfirst(_("maximum score")), DEC1, width=8),
        Column(_("Result (%)"), DEC1, width=9),
        Column(capfirst(_("pass mark (%)")), INT, width=9),
        Column(pgettext("excel report", "Passed"), width=8),
        Column(_("Questions awaiting grading"), INT, width=9),
    ]


def practical_columns(rubric_width: int) -> list[Column]:
    """The first columns of a practical assessment: the rubric's title (``rubric_width`` wide), when, by
    whom, and the score."""
    return [
        Column(_("Practical"), width=rubric_width),
        Column(capfirst(_("assessed at")), DATETIME),
        Column(capfirst(_("assessor")), width=10),
        Column(_("Score (%)"), DEC1, width=9),
    ]


def status_change_cells(
    status: dict[str, str], before: str | None, after: str, phase: Any, day: Any, reason: str, by: str | None
) -> list[Any]:
    """The cells of STATUS_CHANGE_COLUMNS; ``status`` is the status labels (``Labels.status``)."""
    return [status.get(before) if before else None, status.get(after, after), phase, day, reason, by]


# ---------------------------------------------------------------------------- figures


def record_counts() -> dict[str, Count]:
    """Aggregates of roll-call records: marked, attended (present or late), absent, completed."""
    return {
        "recorded": Count("pk", filter=~Q(attendance="")),
        "attended": Count("pk", filter=Q(attendance__in=ATTENDED)),
        "absent": Count("pk", filter=Q(attendance=Attendance.ABSENT)),
        "completed": Count("pk", filter=Q(completed=True)),
    }


def shadowing_averages(**filters: Any) -> dict[int, Any]:
    """enrollment id → the average score of its shadowing logs, for the logs ``filters`` select (one query)."""
    return dict(ShadowingLog.objects.filter(**filters).values_list("enrollment_id").annotate(a=Avg("score")).order_by())
