"""打字测试 pages: the passages with one's own history, the test, a result, and a trainee's
history for staff.

Any employee with a login may take the tests (new hires in training, veterans on a refresher).
Staff see a trainee's history within their scope: HR everyone, a trainer the trainees of the
cohorts they train, a mentor their own mentees; anyone else gets a 404, as elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.models import Employee
from employees.permissions import employee_of, role_required
from employees.roles import Role

from .models import TypingPassage, TypingResult
from .permissions import get_typing_employee_for_user, get_typing_result_for_user
from .typing_test import (
    MAX_BURST_CHARS,
    MAX_HUMAN_CPM,
    TypingError,
    best_of,
    clean_typed,
    counted_seconds,
    issue_token,
    mark_errors,
    max_typed_length,
    record_result,
)

CHART_POINTS = 50
"""The chart and the table show the latest results; best and latest per passage use them all."""


# ---------------------------------------------------------------------------- access


_P = ParamSpec("_P")
_R = TypeVar("_R", bound=HttpResponseBase)


def employee_required(
    view: Callable[Concatenate[AuthenticatedHttpRequest, Employee, _P], _R],
) -> Callable[Concatenate[AuthenticatedHttpRequest, _P], _R]:
    """Log in first; a login without an employee record (HR, trainers) gets a 403. The view
    receives the employee after the request."""

    # login_required, outermost, sends anonymous visitors to the login page: wrapped only sees logged-in users.
    @login_required
    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        employee = employee_of(request.user)
        if employee is None:
            raise PermissionDenied
        return view(request, employee, *args, **kwargs)

    return wrapped


# ---------------------------------------------------------------------------- history


def _minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _history(results: list[TypingResult]) -> dict[str, Any]:
    """The chart's data and the table's rows from results ordered oldest first."""
    recent = results[-CHART_POINTS:]
    chart = {
        "labels": [timezone.localtime(r.finished_at).strftime("%m-%d %H:%M") for r in recent],
        "passages": [r.passage.title for r in recent],
        "cpm": [float(r.cpm) for r in recent],
        "accuracy": [float(r.accuracy) for r in recent],
    }
    return {"chart": chart, "recent": list(reversed(recent)), "total": len(results)}


def _per_passage(passages: Iterable[TypingPassage], results: list[TypingResult]) -> list[dict[str, Any]]:
    """Each passage with its attempts, best and latest result (results ordered oldest first)."""
    by_passage: dict[int, list[TypingResult]] = {}
    for r in results:
        by_passage.setdefault(r.passage_id, []).append(r)
    return [
        {
            "passage": p,
            "attempts": len(by_passage.get(p.pk, [])),
            "best": best_of(by_passage.get(p.pk, [])),
            "latest": by_passage[p.pk][-1] if p.pk in by_passage else None,
        }
        for p in passages
    ]


def _results_of(employee: Employee) -> list[TypingResult]:
    # One query whatever the number of results; a trainee takes tens of tests, not thousands.
    return list(employee.typing_results.select_related("passage").order_by("finished_at", "pk"))


# ---------------------------------------------------------------------------- pages


@employee_required
def typing_list(request: AuthenticatedHttpRequest, employee: Employee) -> HttpResponse:
    results = _results_of(employee)
    passages = TypingPassage.objects.filter(is_active=True)
    return render(
        request,
        "assessments/typing/list.html",
        {"employee": employee, "rows": _per_passage(passages, results), **_history(results)},
    )


@employee_required
@require_http_methods(["GET", "POST"])
def typing_test(request: AuthenticatedHttpRequest, employee: Employee, pk: int) -> HttpResponse:
    """GET shows the passage with a start token (the server's clock); POST scores the text."""
    passage = get_object_or_404(TypingPassage, pk=pk, is_active=True)
    if request.method == "POST":
        typed = request.POST.get("typed", "")
        if not clean_typed(typed):
            messages.warning(request, _("Nothing was typed, so nothing was recorded. Try again."))
            return redirect("typing_test", pk=passage.pk)
        try:
            result = record_result(
                passage=passage,
                employee=employee,
                token=request.POST.get("token", ""),
                typed=typed,
                pace=request.POST.get("pace", ""),
            )
        except TypingError as exc:
            return render(
                request,
                "assessments/typing/refused.html",
                {"passage": passage, "reason": str(exc)},
                status=exc.status_code,
            )
        return redirect("typing_result", pk=result.pk)
    return render(
        request,
        "assessments/typing/test.html",
        {
            "passage": passage,
            "token": issue_token(passage=passage, employee=employee),
            "duration": _minutes_seconds(passage.duration_seconds),
            "max_length": max_typed_length(passage),
        },
    )


@employee_required
@require_POST
def typing_start(request: AuthenticatedHttpRequest, employee: Employee, pk: int) -> JsonResponse:
    """Restart the server's clock at the first character typed, so reading the passage first
    does not count against the speed. The page's own token stays as a fallback."""
    passage = get_object_or_404(TypingPassage, pk=pk, is_active=True)
    return JsonResponse({"token": issue_token(passage=passage, employee=employee)})


@login_required
def typing_result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = get_typing_result_for_user(request.user, pk)
    passage = result.passage
    seconds = counted_seconds(
        started_at=result.started_at, finished_at=result.finished_at, duration_seconds=passage.duration_seconds
    )
    return render(
        request,
        "assessments/typing/result.html",
        {
            "result": result,
            "passage": passage,
            "own": result.employee.user_id == request.user.pk,
            "runs": mark_errors(passage.text, result.typed_text),
            "seconds": round(seconds),
            "typed_rate": round(result.characters * 60 / seconds),
            "max_human_cpm": MAX_HUMAN_CPM,
            "max_burst": MAX_BURST_CHARS,
            "cpm_ok": result.cpm >= passage.min_cpm and not result.flagged,
            "accuracy_ok": result.accuracy >= passage.min_accuracy,
        },
    )


@role_required(Role.HR, Role.TRAINER, Role.MENTOR)
def typing_employee(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employee = get_typing_employee_for_user(request.user, pk)
    results = _results_of(employee)
    passages = {r.passage for r in results} | set(TypingPassage.objects.filter(is_active=True))
    return render(
        request,
        "assessments/typing/employee.html",
        {
            "employee": employee,
            "rows": _per_passage(sorted(passages, key=lambda p: p.title), results),
            **_history(results),
        },
    )
