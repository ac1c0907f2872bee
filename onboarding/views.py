"""The hire's side of the pre-onboarding step (the handbook, its confirmation, the checklist; the step itself
is drawn on *today*), and HR's and trainers' readiness pages with HR's "open day 1"."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role, has_role
from training.models import Enrollment
from training.permissions import cohorts_for, get_cohort_for_user

from .forms import OpenDayOneForm
from .permissions import get_gated_enrollment_for_hr, own_gated_enrollment
from .selectors import checklist, gate_for, gated, with_readiness
from .services import OnboardingError, confirm_handbook, open_day_one, save_checklist

COHORTS_PER_PAGE = 50
MEMBERS_PER_PAGE = 100
RECENT_DAYS = 30  # the overview lists cohorts that started at most this long ago, and later ones
MAX_ID = 2**63 - 1


@role_required(Role.TRAINEE)
def handbook(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The handbook (the reading of day 0 of the hire's plan) with the button that confirms it was read."""
    gate = gate_for(own_gated_enrollment(request.user), handbook=True)
    return render(request, "onboarding/handbook.html", {"gate": gate, "today": timezone.localdate()})


@role_required(Role.TRAINEE)
@require_POST
def handbook_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        confirm_handbook(enrollment=own_gated_enrollment(request.user), by=request.user)
        messages.success(request, _("Thank you: your reading of the handbook is confirmed."))
    except OnboardingError as exc:
        messages.error(request, str(exc))
    return redirect("today")


@role_required(Role.TRAINEE)
@require_POST
def checklist_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("item") if v.isascii() and v.isdigit() and int(v) <= MAX_ID]
    try:
        ticked = save_checklist(enrollment=own_gated_enrollment(request.user), item_ids=ids, by=request.user)
        messages.success(
            request,
            _("Checklist saved: %(ticked)s of %(total)s ticked.") % {"ticked": ticked, "total": len(checklist())},
        )
    except OnboardingError as exc:
        messages.error(request, str(exc))
    return redirect("today")


@role_required(Role.HR, Role.TRAINER)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cohorts (in the user's scope) with hires held by the step, from those begun in the last 30 days on,
    soonest first, each with how many are ready. Four queries whatever the number of members."""
    today = timezone.localdate()
    members = gated(Enrollment.objects.filter(cohort_id=OuterRef("pk")))
    cohorts = (
        cohorts_for(request.user)
        .filter(start_date__gte=today - timedelta(days=RECENT_DAYS))
        .filter(Exists(members))
        .order_by("start_date", "pk")
    )
    page = Paginator(cohorts, COHORTS_PER_PAGE).get_page(request.GET.get("page"))
    counts: Counter[tuple[int, str]] = Counter()
    rows = with_readiness(gated(Enrollment.objects.filter(cohort__in=list(page)))).values_list(
        "cohort_id", "ready", "confirmed_at", "quiz_passed", "overridden_at"
    )
    for cohort_id, ready, confirmed_at, quiz_passed, overridden_at in rows:
        counts[(cohort_id, "members")] += 1
        counts[(cohort_id, "ready")] += bool(ready)
        counts[(cohort_id, "confirmed")] += confirmed_at is not None
        counts[(cohort_id, "passed")] += bool(quiz_passed)
        counts[(cohort_id, "opened")] += overridden_at is not None
    for cohort in page:
        for key in ("members", "ready", "confirmed", "passed", "opened"):
            setattr(cohort, f"n_{key}", counts[(cohort.pk, key)])
    return render(request, "onboarding/overview.html", {"page": page, "cohorts": list(page), "today": today})


@role_required(Role.HR, Role.TRAINER)
def cohort_readiness(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who in a cohort is ready for day 1: handbook, quiz, checklist, HR's opening; a page of members at a time
    (``?waiting=1``: only those still held). Six queries whatever the number of members."""
    cohort = get_cohort_for_user(request.user, pk)
    members = with_readiness(gated(cohort.enrollments.all())).select_related("employee")
    waiting = request.GET.get("waiting") == "1"
    if waiting:
        members = members.filter(ready=False)
    page = Paginator(members.order_by("employee__employee_no", "pk"), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "onboarding/cohort.html",
        {
            "cohort": cohort,
            "page": page,
            "rows": list(page),
            "checklist_total": len(checklist()),
            "waiting": waiting,
            "can_open": has_role(request.user, Role.HR),
        },
    )


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def open_day_one_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """HR opens day 1 for one hire without the finished step, with a reason (kept in the hire's history)."""
    enrollment = get_gated_enrollment_for_hr(pk)
    row = with_readiness(Enrollment.objects.filter(pk=enrollment.pk)).get()
    form = OpenDayOneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            open_day_one(enrollment=enrollment, reason=form.cleaned_data["reason"], by=request.user)
        except OnboardingError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("Day 1 is open for %(name)s.") % {"name": enrollment.employee.name})
            return redirect("onboarding_cohort", pk=enrollment.cohort_id)
    return render(
        request,
        "onboarding/open_day_one.html",
        {"enrollment": enrollment, "row": row, "form": form, "checklist_total": len(checklist())},
    )
