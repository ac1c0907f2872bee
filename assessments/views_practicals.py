"""Trainer pages for practical assessments: a cohort's results per rubric, scoring one trainee
against one rubric (on a phone or tablet during the role play), and one assessment's result.

Access: HR and the cohort's trainers. A trainer of another cohort, or a trainee who is not a
member of the cohort, gets a 404; mentors and trainees get a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role
from training.permissions import get_cohort_for_user
from training.views_cohorts import MEMBERS_PER_PAGE

from .forms_practicals import PracticalScoreForm
from .models import Level, PracticalAssessment, Rubric
from .permissions import get_member_for_user, get_practical_for_user
from .practicals import latest_results, score_lines, score_practical


def _active_rubrics() -> QuerySet[Rubric]:
    """In the order they come up in the plan; rubrics on no plan item last."""
    return (
        Rubric.objects.filter(is_active=True)
        .select_related("item")
        .order_by(F("item__day_number").asc(nulls_last=True), F("item__order").asc(nulls_last=True), "title")
    )


@role_required(Role.HR, Role.TRAINER)
def cohort_practicals(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    rubrics = list(_active_rubrics())
    # A page of members at a time, like the cohort's page: a fixed number of queries whatever the cohort's size.
    enrollments = cohort.enrollments.select_related("employee").order_by("employee__employee_no")
    page = Paginator(enrollments, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    members = list(page)
    latest = latest_results(employee_ids=[e.employee_id for e in members], rubric_ids=[r.pk for r in rubrics])
    rows = [(e.employee, [(rubric, latest.get((e.employee_id, rubric.pk))) for rubric in rubrics]) for e in members]
    return render(
        request,
        "assessments/practicals/cohort.html",
        {"cohort": cohort, "rubrics": rubrics, "rows": rows, "page": page},
    )


@role_required(Role.HR, Role.TRAINER)
@require_http_methods(["GET", "POST"])
def practical_score(request: AuthenticatedHttpRequest, pk: int, employee_pk: int, code: str) -> HttpResponse:
    cohort, employee = get_member_for_user(request.user, pk, employee_pk)
    rubric = get_object_or_404(Rubric.objects.select_related("item"), code=code, is_active=True)
    criteria = list(
        rubric.criteria.prefetch_related(Prefetch("levels", queryset=Level.objects.order_by("order", "-points", "id")))
    )
    form = PracticalScoreForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if form.is_valid():
            try:
                assessment = score_practical(
                    rubric=rubric,
                    employee=employee,
                    assessor=request.user,
                    levels_by_criterion=form.levels_by_criterion(),
                    comments_by_criterion=form.comments_by_criterion(),
                    overall_comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                if assessment.passed:
                    text = _("Saved: %(name)s scored %(percent)s%% and passed.")
                else:
                    text = _("Saved: %(name)s scored %(percent)s%%, below the pass mark.")
                messages.success(request, text % {"name": employee.name, "percent": assessment.percent})
                return redirect("practical_result", pk=cohort.pk, assessment_pk=assessment.pk)
        messages.error(request, _("Nothing was saved: correct the marked criteria."))
    history = PracticalAssessment.objects.filter(employee=employee, rubric=rubric).select_related("assessor")
    return render(
        request,
        "assessments/practicals/score.html",
        {"cohort": cohort, "employee": employee, "rubric": rubric, "form": form, "history": history},
    )


@role_required(Role.HR, Role.TRAINER)
def practical_result(request: AuthenticatedHttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    cohort, assessment = get_practical_for_user(request.user, pk, assessment_pk)
    history = PracticalAssessment.objects.filter(employee=assessment.employee, rubric=assessment.rubric).select_related(
        "assessor"
    )
    return render(
        request,
        "assessments/practicals/result.html",
        {
            "cohort": cohort,
            "assessment": assessment,
            "employee": assessment.employee,
            "rubric": assessment.rubric,
            "lines": score_lines(assessment),
            "history": history,
        },
    )
