"""HR's pages: cohorts, hires, mentors, statuses and extensions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.http import AuthenticatedHttpRequest
from employees.audit import timeline
from employees.models import FINISHED_STATUSES, Employee
from employees.permissions import get_employee_for_hr, role_required
from employees.roles import Role
from employees.services import EmployeeError, assign_mentors

from .forms_cohorts import (
    CohortForm,
    ExistingMembersForm,
    ExtensionForm,
    FinishForm,
    HireForm,
    MentorAssignmentForm,
    MoveStartForm,
    StatusForm,
)
from .models import Cohort, Enrollment
from .panels import employee_sections
from .permissions import cohorts_for, get_cohort_for_user, get_enrollment_for_hr
from .selectors import cohorts_with_progress
from .services import (
    EnrollmentError,
    PlanError,
    change_status,
    create_cohort,
    enroll_existing,
    extend_enrollment,
    finish_enrollment,
    hire_into_cohort,
    move_cohort_start,
)

TIMELINE_PER_PAGE = 50  # newest first
COHORTS_PER_PAGE = 50  # newest first; progress is counted for the cohorts of the page only
SEARCH_RESULTS = 50  # employees shown for a search of "add existing employees"
MEMBERS_PER_PAGE = 100  # by employee number: a page of a cohort of thousands renders in tens of milliseconds


@contextmanager
def _refusals_on(form: forms.Form, *refusals: type[Exception], field: str | None = None) -> Iterator[None]:
    """A service's refusal (one of ``refusals``) raised in the block becomes an error of the form (of ``field``, or
    of the whole form), shown when the form is rendered again."""
    try:
        yield
    except refusals as exc:
        form.add_error(field, str(exc))


def _cohort_form_page(
    view: Callable[[AuthenticatedHttpRequest, Cohort], HttpResponse],
) -> Callable[[AuthenticatedHttpRequest, int], HttpResponse]:
    """HR's page with a form about one cohort (GET shows it, POST sends it); the view is given the cohort ``pk``."""

    @role_required(Role.HR)
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        return view(request, get_cohort_for_user(request.user, pk))

    return page


@role_required(Role.HR, Role.TRAINER)
def cohort_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(cohorts_for(request.user).prefetch_related("trainers"), COHORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/cohort_list.html",
        {"cohorts": cohorts_with_progress(page, today), "page": page, "today": today},
    )


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def cohort_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = create_cohort(
            name=form.cleaned_data["name"],
            tier=form.cleaned_data["tier"],
            start_date=form.cleaned_data["start_date"],
            location=form.cleaned_data["location"],
            trainers=list(form.cleaned_data["trainers"]),
            by=request.user,
        )
        messages.success(request, _("Cohort %(name)s created. Now add its hires.") % {"name": cohort.name})
        return redirect("cohort_detail", pk=cohort.pk)
    return render(request, "training/cohort_form.html", {"form": form})


@role_required(Role.HR, Role.TRAINER)
def cohort_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    enrollments = (
        cohort.enrollments.select_related("employee", "employee__mentor", "plan")
        .prefetch_related(Prefetch("extensions"))
        .order_by("employee__employee_no")
    )
    page = Paginator(enrollments, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/cohort_detail.html",
        {
            "cohort": cohort,
            "enrollments": page,
            "page": page,
            "trainers": cohort.trainers.all(),
            "today": timezone.localdate(),
        },
    )


@_cohort_form_page
def cohort_move(request: AuthenticatedHttpRequest, cohort: Cohort) -> HttpResponse:
    form = MoveStartForm(request.POST or None, initial={"start_date": cohort.start_date})
    if request.method == "POST" and form.is_valid():
        move_cohort_start(cohort=cohort, start_date=form.cleaned_data["start_date"])
        messages.success(request, _("Start date moved; every member's schedule follows. Records are kept."))
        return redirect("cohort_detail", pk=cohort.pk)
    return render(request, "training/cohort_move.html", {"cohort": cohort, "form": form})


@_cohort_form_page
def hire_add(request: AuthenticatedHttpRequest, cohort: Cohort) -> HttpResponse:
    form = HireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with _refusals_on(form, EmployeeError, PlanError):
            employee = hire_into_cohort(cohort=cohort, by=request.user, **form.cleaned_data)
            messages.success(request, _("%(name)s joined the cohort.") % {"name": employee.name})
            if "add_another" in request.POST:
                return redirect("hire_add", pk=cohort.pk)
            return redirect("cohort_detail", pk=cohort.pk)
    return render(request, "training/hire_form.html", {"cohort": cohort, "form": form})


@_cohort_form_page
def mentors_assign(request: AuthenticatedHttpRequest, cohort: Cohort) -> HttpResponse:
    """A page of members at a time (as on the cohort's page), each with their mentor's 工号."""
    enrollments = cohort.enrollments.select_related("employee", "employee__mentor").order_by("employee__employee_no")
    page = Paginator(enrollments, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    form = MentorAssignmentForm(request.POST or None, trainees=[e.employee for e in page])
    if request.method == "POST" and form.is_valid():
        with _refusals_on(form, EmployeeError):
            count = assign_mentors(assignments=form.assignments(), by=request.user)
            messages.success(request, _("%(count)s mentor assignments changed.") % {"count": count})
            then = request.POST.get("then", "")
            if then.isdigit() and 1 <= int(then) <= page.paginator.num_pages:  # "save, then page N"
                return redirect(f"{reverse('mentors_assign', args=[cohort.pk])}?page={int(then)}")
            return redirect("cohort_detail", pk=cohort.pk)
    return render(request, "training/mentors_form.html", {"cohort": cohort, "form": form, "page": page})


@role_required(Role.HR)
def employee_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employee = get_employee_for_hr(pk)
    return render(
        request,
        "training/employee_detail.html",
        {
            "employee": employee,
            "enrollments": employee.enrollments.select_related("cohort", "plan")
            .prefetch_related("extensions")
            .order_by("-cohort__start_date", "-pk"),
            "timeline": Paginator(timeline(employee), TIMELINE_PER_PAGE).get_page(request.GET.get("page")),
            "sections": employee_sections.collect(employee=employee, viewer=request.user),
        },
    )


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def employee_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employee = get_employee_for_hr(pk)
    form = StatusForm(request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        with _refusals_on(form, EmployeeError):
            change_status(
                employee=employee,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                override=form.cleaned_data["override"],
            )
            messages.success(request, _("Status changed to %(status)s.") % {"status": employee.get_status_display()})
            return redirect("employee_detail", pk=employee.pk)
    return render(request, "training/status_form.html", {"employee": employee, "form": form})


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def enrollment_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrollment: Enrollment = get_enrollment_for_hr(pk)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with _refusals_on(form, PlanError, field="from_day"):
            extend_enrollment(enrollment=enrollment, by=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("%(name)s's remaining days moved back by %(days)s working days.")
                % {"name": enrollment.employee.name, "days": form.cleaned_data["days"]},
            )
            return redirect("cohort_detail", pk=enrollment.cohort_id)
    return render(request, "training/extension_form.html", {"enrollment": enrollment, "form": form})


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def enrollment_finish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """HR completes a refresher (passed or not) or withdraws anyone from a cohort, with a reason."""
    enrollment: Enrollment = get_enrollment_for_hr(pk)
    form = FinishForm(request.POST or None, enrollment=enrollment)
    if request.method == "POST" and form.is_valid():
        with _refusals_on(form, EnrollmentError):
            finish_enrollment(enrollment=enrollment, by=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("%(name)s's training in %(cohort)s: %(state)s.")
                % {
                    "name": enrollment.employee.name,
                    "cohort": enrollment.cohort.name,
                    "state": enrollment.get_state_display(),
                },
            )
            return redirect("cohort_detail", pk=enrollment.cohort_id)
    return render(request, "training/finish_form.html", {"enrollment": enrollment, "form": form})


@_cohort_form_page
def members_add_existing(request: AuthenticatedHttpRequest, cohort: Cohort) -> HttpResponse:
    """Veterans and promotion candidates already have accounts: HR searches them by 工号 or name (GET ``q``)
    and ticks them. The form shows the search's first results and the ones already ticked, never the
    whole company; a ticked id outside the allowed set is refused."""
    candidates = (
        Employee.objects.exclude(enrollments__cohort=cohort)
        .exclude(status__in=FINISHED_STATUSES)
        .order_by("employee_no")
    )
    query = request.GET.get("q", "").strip()[:64]
    form = ExistingMembersForm(request.POST or None, queryset=candidates)
    if request.method == "POST" and form.is_valid():
        with _refusals_on(form, EmployeeError, PlanError):
            added = enroll_existing(cohort=cohort, employees=list(form.cleaned_data["employees"]))
            messages.success(request, _("%(count)s members added.") % {"count": len(added)})
            return redirect("cohort_detail", pk=cohort.pk)
    found: list[int] = []
    if query:
        matches = candidates.filter(Q(employee_no__istartswith=query) | Q(name__icontains=query))
        found = list(matches.values_list("pk", flat=True)[:SEARCH_RESULTS])
    ticked = [int(v) for v in request.POST.getlist("employees")[:MEMBERS_PER_PAGE] if v.isdigit() and len(v) < 10]
    form.show_only(candidates.filter(pk__in={*found, *ticked}))
    return render(
        request,
        "training/members_form.html",
        {"cohort": cohort, "form": form, "query": query, "found": len(found), "search_limit": SEARCH_RESULTS},
    )
