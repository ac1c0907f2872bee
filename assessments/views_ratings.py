"""Pages of the training score sheet (培训评分表): a trainee rates a day's sessions; HR and trainers
read the averages per trainer and per plan item."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from common.dates import parse_day
from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role

from .forms_ratings import CRITERION_HELP, CRITERION_LABELS, AveragesFilterForm, DayRatingForm
from .permissions import get_own_enrollment, rating_cohorts, sees_every_cohort
from .ratings import (
    CRITERIA,
    RatingError,
    item_averages,
    leader_averages,
    load_rating_day,
    rate_day,
    ratings_between,
)


def _parse_day(on: str) -> date:
    day = parse_day(on)
    if day is None:
        raise Http404
    return day


@role_required(Role.TRAINEE)
@require_http_methods(["GET", "POST"])
def rate_sessions(request: AuthenticatedHttpRequest, pk: int, on: str) -> HttpResponse:
    """Rate the sessions of one training day (content, delivery, usefulness, 1–5, and a comment),
    once each. What was rated before is shown read-only above the sessions still to rate."""
    enrollment = get_own_enrollment(request.user, pk)
    day = load_rating_day(enrollment, _parse_day(on))
    form = DayRatingForm(request.POST or None, sessions=day.open_sessions if day.can_rate else [])
    if request.method == "POST":
        if not day.can_rate:
            messages.error(request, day.refusal or _("You have rated every session of this day already."))
            return redirect("rate_sessions", pk=enrollment.pk, on=day.date.isoformat())
        if form.is_valid():
            try:
                saved = rate_day(enrollment=enrollment, on_date=day.date, ratings=form.scores(), by_user=request.user)
            except RatingError as exc:
                messages.error(request, str(exc))
            else:
                count = len(saved)
                thanks = ngettext("Thank you: %(count)s rating saved.", "Thank you: %(count)s ratings saved.", count)
                messages.success(request, thanks % {"count": count})
            return redirect("rate_sessions", pk=enrollment.pk, on=day.date.isoformat())
        messages.error(request, _("Nothing was saved: choose a score for each marked question."))
    return render(
        request,
        "assessments/ratings/rate_day.html",
        {"day": day, "form": form, "criteria": [(c, CRITERION_LABELS[c], CRITERION_HELP[c]) for c in CRITERIA]},
    )


@role_required(Role.HR, Role.TRAINER)
def rating_averages(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Averages of the score sheet per trainer / mentor and per plan item, over a date range
    (by the date the session was held) and optionally one cohort.

    Who sees what: HR sees every trainer, every mentor and every cohort. A trainer sees only their
    own row among the leaders (not colleagues' or mentors' scores), and the per-item averages of
    the cohorts they train; the cohort filter offers only those, and any other cohort is refused
    as an invalid choice, with no figures shown. Mentors do not see this page (403).
    """
    is_hr = sees_every_cohort(request.user)
    scope = rating_cohorts(request.user)
    form = AveragesFilterForm(_with_defaults(request), cohorts=scope)
    leaders, items = [], []
    if form.is_valid():
        data = form.cleaned_data
        ratings = ratings_between(data["since"], data["until"], cohort=data["cohort"])
        if is_hr:
            leaders, items = leader_averages(ratings), item_averages(ratings)
        else:
            # Their own scores wherever they were credited; the items only of cohorts they train.
            leaders = leader_averages(ratings, trainer=request.user)
            items = item_averages(ratings.filter(enrollment__cohort__in=scope))
    return render(
        request,
        "assessments/ratings/averages.html",
        {
            "form": form,
            # Listed here rather than through the field's choices, which would count them first.
            "cohort_options": list(form.cohorts),
            "is_hr": is_hr,
            "leaders": leaders,
            "items": items,
            "total": sum(i.count for i in items),
            "criteria": [CRITERION_LABELS[c] for c in CRITERIA],
        },
    )


def _with_defaults(request: HttpRequest) -> dict[str, str]:
    """The query string over the default range, so the form always shows the dates it uses."""
    today = timezone.localdate()
    defaults = {
        "since": (today - timedelta(days=AveragesFilterForm.DEFAULT_DAYS - 1)).isoformat(),
        "until": today.isoformat(),
    }
    return {**defaults, **request.GET.dict()}
