"""The scheduled reminders: today's plan (08:00), unfinished roll calls and shadowing logs (18:00),
exams on the next working day (17:00), the grading backlog (10:00), the weekly HR report
(Monday 09:00), trial-post logs and coaching, and the pre-onboarding step still open before day 1 (19:00 the
evening before, 08:00 on day 1).

Each service takes the date it is about and returns how many notifications it created. People are
read in batches of `batch_size` with a fixed number of queries per batch (keyset pages by id), and
delivered through `notifications.deliver`, which skips whoever already had the reminder: running a
service twice, or on two workers at once, sends nothing the second time.

Modules: ``shared`` (batch size, keyset pages, dates, the plan items of a date), ``daily`` (08:00 today's plan),
``checkoffs`` (18:00 roll calls and shadowing logs), ``exams`` (17:00 exams on the next working day, 10:00 the
grading backlog), ``weekly`` (Monday 09:00 the weekly HR report), ``coaching`` (18:00 trial-post logs
missing, 09:00 coaching goals and check-ins due), ``onboarding`` (the pre-onboarding step before day 1),
``knowledge`` (09:30 overdue knowledge updates).
"""

from __future__ import annotations

from .checkoffs import send_check_off_reminders
from .coaching import send_coaching_reminders, send_trial_post_log_reminders
from .daily import send_daily_plans, session_line
from .exams import next_working_day, send_exam_eve_reminders, send_grading_backlog
from .knowledge import send_knowledge_reminders
from .onboarding import send_day_one_held, send_pre_onboarding_eve
from .shared import (
    BATCH_SIZE,
    FOLLOWING_PLAN_STATES,
    LISTED_SESSIONS,
    items_on,
    pages,
    short_date,
)
from .weekly import send_weekly_hr_report, week_before

__all__ = [
    "BATCH_SIZE",
    "FOLLOWING_PLAN_STATES",
    "LISTED_SESSIONS",
    "items_on",
    "next_working_day",
    "pages",
    "send_check_off_reminders",
    "send_coaching_reminders",
    "send_daily_plans",
    "send_day_one_held",
    "send_exam_eve_reminders",
    "send_grading_backlog",
    "send_knowledge_reminders",
    "send_pre_onboarding_eve",
    "send_trial_post_log_reminders",
    "send_weekly_hr_report",
    "session_line",
    "short_date",
    "week_before",
]
