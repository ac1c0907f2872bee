"""Pieces the report builders share: labels in the build's language, names, rates, and the rule
for which exams and rubrics belong to a cohort."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import F, Q, TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Enrollment, PositionClass, Status, Tier
from training.models import Attendance

T = TypeVar("T")

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
    primary: Iterable[T], secondary: Iterator[dict[str, Any]], *, key: str, primary_key: Any, known: set[Any]
) -> Iterator[tuple[T, list[dict[str, Any]]]]:
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
