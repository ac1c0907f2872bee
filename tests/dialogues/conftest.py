from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, second: int = 0):
    """Monday 2026-11-23 (day 6 of the test cohort, the 情景对话 day) at this time, the clock frozen."""
    return time_machine.travel(datetime(2026, 11, 23, hour, minute, second, tzinfo=SHANGHAI), tick=False)
