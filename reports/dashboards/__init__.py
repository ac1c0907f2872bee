"""Read models of the two dashboards: HR's view of the training as a whole, and a trainer's day.

Every figure comes from an aggregate query (GROUP BY in the database), so each dashboard takes
the same number of queries whatever the number of cohorts, trainees, attempts or records. The
only rows that reach Python one per trainee are the best exam percentages, from which the
quartiles are computed (one ``values_list`` query; see ``quartiles``).

What HR's dashboard covers: the cohorts *in view*, those running now, starting later, or finished
in the last ``RECENT_DAYS`` days. Progress is drawn for the running ones; attendance, exam results,
the elimination funnel and the counts by status are those of the people enrolled in a cohort in
view, so that long-finished cohorts do not blur what is happening now. Exam alerts are every alert
(as on the alerts page): they only concern people still in training anyway.

What a trainer's dashboard covers: the cohorts they train. HR may open it too, and then it covers
every cohort (HR grades and takes roll calls for any cohort).

Modules: ``shared`` (the constants, percentages and quartiles, the exam alerts with enrollments), ``hr`` (HR's
dashboard: its rows and its queries), ``trainer`` (a trainer's dashboard).
"""

from __future__ import annotations

from .hr import (
    CohortAttendance,
    CohortProgress,
    ExamResults,
    FunnelStep,
    HRDashboard,
    StatusCount,
    attendance_of,
    cohorts_in_view,
    elimination_funnel,
    exam_results,
    hr_dashboard,
    load_cohorts,
    progress_of,
    status_counts,
)
from .shared import (
    ALERTS_SHOWN,
    ATTENDED,
    ONE_DECIMAL,
    RECENT_DAYS,
    alerts_with_enrollments,
    percent_of,
    percentile,
    quartiles,
)
from .trainer import (
    BacklogRow,
    RollCallToday,
    TrainerDashboard,
    grading_backlog,
    roll_calls_today,
    trainer_dashboard,
)

__all__ = [
    "ALERTS_SHOWN",
    "ATTENDED",
    "ONE_DECIMAL",
    "RECENT_DAYS",
    "BacklogRow",
    "CohortAttendance",
    "CohortProgress",
    "ExamResults",
    "FunnelStep",
    "HRDashboard",
    "RollCallToday",
    "StatusCount",
    "TrainerDashboard",
    "alerts_with_enrollments",
    "attendance_of",
    "cohorts_in_view",
    "elimination_funnel",
    "exam_results",
    "grading_backlog",
    "hr_dashboard",
    "load_cohorts",
    "percent_of",
    "percentile",
    "progress_of",
    "quartiles",
    "roll_calls_today",
    "status_counts",
    "trainer_dashboard",
]
