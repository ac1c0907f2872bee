"""The dates the portal accepts from people.

Python's dates run from 0001-01-01 to 9999-12-31, and the portal does arithmetic on every date it is
given (the day before and after, 60 days of calendar before a cohort's start, a plan's working days
after it). A date near either end overflows in that arithmetic. No training date is anywhere near
them, so a date a person types, or puts in a URL or query string, must lie in ``EARLIEST``–``LATEST``:
forms refuse one outside with a message, pages fall back to today or answer 404.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1970, 1, 1)
LATEST = date(2100, 12, 31)


def in_range(day: date) -> bool:
    """For a datetime, its date."""
    return EARLIEST <= (day.date() if isinstance(day, datetime) else day) <= LATEST


def validate_in_range(value: date) -> None:
    """A form-field validator: a clear message rather than an overflow further on."""
    if not in_range(value):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )


def parse_day(raw: str) -> date | None:
    """``YYYY-MM-DD`` from a URL or query string; None for anything unreadable or out of range."""
    try:
        day = parse_date(raw) if raw else None
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        return None
    return day if day is not None and in_range(day) else None
