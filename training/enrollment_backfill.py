"""Fill the state of enrollments that existed before enrollments had one, from what was known about them:
the employee's status and its history, the cohort's tier and the scheduled days. Used by migration
``0015_enrollment_state_backfill``; the models are passed in (the migration's historical ones).

Rules, for each enrollment:

1. a new-hire cohort of someone who went live (a status change to live, or the status live now) is
   *completed* and *passed*, on the day they went live (else the cohort's last day);
2. otherwise, an eliminated employee's enrollment has *failed* (*not passed*) on the day of the elimination,
   a departed employee's is *withdrawn* on the day they left;
3. a refresher or promotion cohort whose schedule is over (its last day before today) is *completed*, its
   outcome unknown;
4. anything else is *in progress* once its day 1 has come, else *enrolled*.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max, Min, Q
from django.utils import timezone

BATCH = 1000


def fill_enrollment_states(
    *, enrollment_model: Any, status_change_model: Any, scheduled_day_model: Any, today: date
) -> int:
    """Set state, outcome and end date of every enrollment still in the default state; returns rows changed."""
    days = {
        row["enrollment_id"]: row
        for row in scheduled_day_model.objects.values("enrollment_id")
        .annotate(first=Min("date", filter=Q(day_number__gte=1)), last=Max("date"))
        .order_by()
    }
    # The day of each employee's first go-live and latest elimination or departure (in the portal's time zone).
    went_live: dict[int, date] = {}
    finished: dict[tuple[int, str], date] = {}
    for employee_id, to_status, changed_at in (
        status_change_model.objects.filter(to_status__in=["live", "eliminated", "left"])
        .values_list("employee_id", "to_status", "changed_at")
        .order_by("changed_at", "id")
    ):
        on = timezone.localdate(changed_at)
        if to_status == "live":
            went_live.setdefault(employee_id, on)
        else:
            finished[(employee_id, to_status)] = on
    changed = []
    rows = enrollment_model.objects.filter(state="enrolled").select_related("employee", "cohort").order_by("pk")
    for enrollment in rows.iterator(chunk_size=BATCH):
        employee, cohort = enrollment.employee, enrollment.cohort
        span = days.get(enrollment.pk, {})
        first, last = span.get("first") or cohort.start_date, span.get("last") or cohort.end_date
        live = employee.status == "live" or employee.pk in went_live
        if cohort.tier == "new_hire" and live:
            enrollment.state, enrollment.outcome = "completed", "passed"
            enrollment.ended_on = went_live.get(employee.pk) or last or today
        elif employee.status == "eliminated":
            enrollment.state, enrollment.outcome = "failed", "not_passed"
            enrollment.ended_on = finished.get((employee.pk, "eliminated"), today)
        elif employee.status == "left":
            enrollment.state = "withdrawn"
            enrollment.ended_on = finished.get((employee.pk, "left"), today)
        elif cohort.tier != "new_hire" and last is not None and last < today:
            enrollment.state, enrollment.ended_on = "completed", last
        elif first <= today:
            enrollment.state = "in_progress"
        else:
            continue
        changed.append(enrollment)
    enrollment_model.objects.bulk_update(changed, ["state", "outcome", "ended_on"], batch_size=BATCH)
    return len(changed)
