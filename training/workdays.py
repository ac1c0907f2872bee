"""Chinese working days: the portal's own table first, then chinesecalendar, then Mon–Fri.

chinesecalendar only knows the years it was released with (2004–2026 for 1.11), and the State
Council publishes each year's schedule around November. So HR keeps a table of holidays and
make-up working days (CalendarDay) that wins over the library and covers the years it does not
know. A year that neither source knows is assumed Mon–Fri and reported, so HR can be warned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import chinese_calendar
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# How far we look for a working day before giving up: guards against a table that marks
# every day as a holiday.
_MAX_SEARCH_DAYS = 366


class CalendarError(Exception):
    pass


@dataclass
class WorkCalendar:
    """Answers "is this a working day?" from a snapshot of the override table (one query)."""

    overrides: dict[date, CalendarDay]
    table_years: set[int]
    unknown_years: set[int] = field(default_factory=set)
    # Laying out a cohort asks about the same days once per member: answer each day once.
    _answers: dict[date, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, since: date | None = None) -> WorkCalendar:
        rows = CalendarDay.objects.all()
        if since is not None:
            rows = rows.filter(date__gte=since)
        overrides = {row.date: row for row in rows}
        years = set(CalendarDay.objects.annotate(y=ExtractYear("date")).values_list("y", flat=True).distinct())
        return cls(overrides=overrides, table_years=years)

    def is_workday(self, day: date) -> bool:
        known = self._answers.get(day)
        if known is None:
            known = self._answers[day] = self._is_workday(day)
        return known

    def _is_workday(self, day: date) -> bool:
        row = self.overrides.get(day)
        if row is not None:
            return row.is_workday
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if day.year not in self.table_years:
                self.unknown_years.add(day.year)
            return day.weekday() < 5

    def day_name(self, day: date) -> StrOrPromise:
        """The holiday's name for a day off ('' for an ordinary weekend or a working day); a lazy translation for
        the holidays chinesecalendar names."""
        row = self.overrides.get(day)
        if row is not None:
            return row.name
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return ""
        if on_holiday and name:
            return HOLIDAY_NAMES.get(name, str(name))
        return ""

    def next_workday(self, day: date, *, include: bool = True) -> date:
        current = day if include else day + timedelta(days=1)
        for _step in range(_MAX_SEARCH_DAYS):
            if self.is_workday(current):
                return current
            current += timedelta(days=1)
        raise CalendarError(f"no working day within a year after {day}")

    def previous_workday(self, day: date) -> date:
        current = day - timedelta(days=1)
        for _step in range(_MAX_SEARCH_DAYS):
            if self.is_workday(current):
                return current
            current -= timedelta(days=1)
        raise CalendarError(f"no working day within a year before {day}")

    def workdays_from(self, start: date, count: int) -> list[date]:
        """The first `count` working days on or after `start`."""
        days: list[date] = []
        current = start
        while len(days) < count:
            current = self.next_workday(current)
            days.append(current)
            current += timedelta(days=1)
        return days


# chinesecalendar names its holidays in English; show them in the user's language.
HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("Victory Day"),
}
