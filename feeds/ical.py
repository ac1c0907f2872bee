"""A person's events as an RFC 5545 calendar (icalendar): timed events in UTC (``…Z``, no VTIMEZONE to get
wrong), items without times as all-day events whose DTEND is the next day (DTEND is exclusive), the polling
hints of RFC 7986 and the UIDs of ``feeds.events`` with the portal's host."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

from .events import FeedEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
REFRESH = timedelta(hours=1)
PRODID = "-//客服培训台//Training desk//ZH"


def uid_host() -> str:
    """The right-hand side of every UID: the portal's host from SITE_URL, the same whichever address the
    calendar app uses."""
    return urlsplit(settings.SITE_URL).hostname or "training-desk"


def _moment(on: date, at) -> datetime:
    return datetime.combine(on, at, tzinfo=SHANGHAI).astimezone(UTC)


def _event(e: FeedEvent, host: str, stamp: datetime) -> Event:
    if e.start is None:
        start: date | datetime = e.on
        end: date | datetime | None = e.on + timedelta(days=1)
    else:
        start = _moment(e.on, e.start)
        end = _moment(e.on, e.end) if e.end is not None and e.end > e.start else None
    event = Event.new(
        uid=f"{e.uid}@{host}",
        summary=e.summary,
        start=start,
        end=end,
        stamp=stamp,
        location=e.location or None,
        description=e.description or None,
        sequence=e.sequence,
    )
    event.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
    return event


def render(events: list[FeedEvent], *, name: str, owner_id: int, stamp: datetime) -> bytes:
    host = uid_host()
    calendar = Calendar.new(name=name, prodid=PRODID, uid=f"feed-{owner_id}@{host}")
    # RFC 7986 asks for the VALUE parameter; the old X- property is what Outlook and Apple read.
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    for e in sorted(events, key=lambda e: (e.on, e.start is not None, e.start or datetime.min.time(), e.uid)):
        calendar.add_component(_event(e, host, stamp))
    return calendar.to_ical()
