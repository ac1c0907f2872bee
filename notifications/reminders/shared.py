"""What every reminder uses: the batch size, which enrollments are followed, keyset pages of a queryset,
short dates, and the plan items done on a date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils.formats import date_format

from training.models import ACTIVE_STATES, PlanItem, ScheduledDay

BATCH_SIZE = 500
# Enrollments whose plan is followed (enrolled, in progress), whatever the employee's status: a live veteran's
# refresher gets reminders; a completed, withdrawn or failed training gets none.
FOLLOWING_PLAN_STATES = ACTIVE_STATES
# Sessions listed in the 08:00 reminder; the rest are counted ("and 2 more").
LISTED_SESSIONS = 3

M = TypeVar("M", bound=Model)


def pages(queryset: QuerySet[M], size: int) -> Iterator[list[M]]:
    """The rows of `queryset` in pages of `size`, ordered by id, one query a page (keyset
    pagination: later pages do not get slower, and rows written meanwhile do not shift them)."""
    last = 0
    while True:
        page = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if page:
            yield page
        if len(page) < size:
            return
        last = page[-1].pk


def short_date(day: date) -> str:
    """11月19日 / November 19, in the active language."""
    return date_format(day, "MONTH_DAY_FORMAT")


def items_on(on: date) -> dict[tuple[int, int], list[PlanItem]]:
    """The plan items of every (plan, day number) someone does on `on`, in day order (one query)."""
    used = ScheduledDay.objects.filter(
        date=on, enrollment__plan_id=OuterRef("template_id"), day_number=OuterRef("day_number")
    )
    items: dict[tuple[int, int], list[PlanItem]] = defaultdict(list)
    for item in PlanItem.objects.filter(Exists(used)).order_by("day_number", "order", "start_time", "id"):
        items[(item.template_id, item.day_number)].append(item)
    return items
