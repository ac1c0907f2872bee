"""The dashboards: HR's overview of the training, and a trainer's day.

HR's dashboard is HR's only (a trainer gets 403: it shows every cohort, and colleagues' figures).
The trainer dashboard is open to trainers and to HR; for HR it covers every cohort, which is how
HR sees what the trainers have on their plate (grading backlog, roll calls not yet taken).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role

from .dashboards import RECENT_DAYS, hr_dashboard, trainer_dashboard
from .permissions import sees_every_cohort


@role_required(Role.HR)
def hr_dashboard_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Cohort progress, attendance, exam results, the elimination funnel, statuses and alerts."""
    dash = hr_dashboard(timezone.localdate())
    return render(
        request,
        "reports/dashboards/hr.html",
        {"dash": dash, "charts": dash.chart_data(), "recent_days": RECENT_DAYS},
    )


@role_required(Role.HR, Role.TRAINER)
def trainer_dashboard_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Grading backlog, today's roll calls, exam alerts and this week's score-sheet averages."""
    is_hr = sees_every_cohort(request.user)
    dash = trainer_dashboard(request.user, timezone.localdate(), is_hr=is_hr)
    return render(request, "reports/dashboards/trainer.html", {"dash": dash, "is_hr": is_hr})
