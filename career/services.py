"""Asking for refreshers: one entry point for every trigger (HR, expiring certifications, knowledge
updates, quality checks, KPIs)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from employees.models import Employee

from .models import NeedSource, RefresherNeed
from .signals import refresher_assigned


def assign_refresher(
    *, employee: Employee, source: NeedSource | str, reason: str, source_key: str = "", by: User | None = None
) -> tuple[RefresherNeed, bool]:
    """Record that ``employee`` needs a refresher because of ``source``; ``(need, created)``.

    Idempotent per ``(employee, source, source_key)``: a trigger that fires twice (a red line scored again,
    a KPI file imported twice) finds the first need and returns it with ``created=False``; only a new need
    sends ``refresher_assigned`` (after the transaction commits), so the mentor is told once.
    """
    existing = RefresherNeed.objects.filter(employee=employee, source=source, source_key=source_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            need = RefresherNeed.objects.create(
                employee=employee, source=source, source_key=source_key, reason=reason[:300], created_by=by
            )
    except IntegrityError:  # the same trigger, at the same moment, from another request or worker
        return RefresherNeed.objects.get(employee=employee, source=source, source_key=source_key), False
    transaction.on_commit(lambda: refresher_assigned.send(sender=RefresherNeed, need=need))
    return need, True
