"""Exams for trainees (start, take, submit, results, the wrong-answer notebook), exam alerts for
HR and trainers, and the go-live page.

A page of an open attempt is built from the snapshot without the correct answers, accepted
answers, reference answers or explanations: none of them reaches the browser before submission.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role

from .evidence import go_live_sections
from .exams import (
    MAX_SAVE_NUMBER,
    ExamError,
    LateSaveError,
    close_expired,
    save_answer,
    shows_answers,
    shows_score,
    standing,
    start_attempt,
    start_practice,
    submit_attempt,
    wrong_answers,
)
from .gates import GateError, eliminate, evidence_for, exam_alerts_with_enrollments, sign_off
from .models import Answer, Exam, QuestionType, SignOffRole
from .permissions import alert_cohorts, get_go_live_scope, get_own_attempt, own_employee


@role_required(Role.TRAINEE)
@require_http_methods(["GET", "POST"])
def exam_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    exam = get_object_or_404(Exam.objects.select_related("item"), code=code, is_active=True)
    me = own_employee(request.user)
    close_expired(employee=me)
    state = standing(exam, me)
    if exam.page or (exam.item_id and state.available_from is None):
        raise Http404  # offered on another page (which checks who may take it), or not on this trainee's plan
    if request.method == "POST":
        try:
            attempt = start_attempt(exam=exam, employee=me)
        except ExamError as exc:
            messages.error(request, str(exc))
            return redirect("exam_detail", code=exam.code)
        return redirect("attempt_take", pk=attempt.pk)
    attempts = list(exam.attempts.filter(employee=me, is_practice=False).order_by("number"))
    return render(
        request,
        "assessments/exam_detail.html",
        {"exam": exam, "state": state, "attempts": attempts, "today": timezone.localdate()},
    )


def _public_question(answer: Answer) -> dict[str, Any]:
    """What the page of an open attempt may carry: never the correct or reference answers."""
    snap = answer.snapshot
    return {
        "order": answer.order,
        "type": answer.type,
        "text": snap["text"],
        "points": answer.points,
        "type_label": QuestionType(answer.type).label,
        "options": [{"key": o["key"], "text": o["text"]} for o in snap.get("options", [])],
        "response": answer.response,
        "save_number": answer.save_number,
    }


@role_required(Role.TRAINEE, Role.MENTOR)
def attempt_take(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attempt = get_own_attempt(request.user, pk)
    close_expired(employee=attempt.employee)
    attempt.refresh_from_db()
    if not attempt.is_open:
        return redirect("attempt_result", pk=attempt.pk)
    questions = [_public_question(a) for a in attempt.answers.order_by("order")]
    remaining = max(int((attempt.deadline - timezone.now()).total_seconds()), 0)
    return render(
        request,
        "assessments/attempt_take.html",
        {"attempt": attempt, "questions": questions, "remaining": remaining, "types": QuestionType},
    )


def _raw_from(data, answer_type: str, prefix: str = "") -> Any:
    if answer_type == QuestionType.MULTIPLE:
        return data.getlist(prefix + "value")
    return data.get(prefix + "value", "")


def _save_number(data) -> int | None:
    """The page's count of saves of this answer (a whole number from 1), or None if missing or bad."""
    raw = data.get("seq", "")
    if not raw.isdigit() or not 0 < int(raw) <= MAX_SAVE_NUMBER:
        return None
    return int(raw)


@role_required(Role.TRAINEE, Role.MENTOR)
@require_POST
def attempt_answer(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """Save one answer as soon as it is given (called by the page's script on every change, with
    the save's number: a late, older save never overwrites a newer answer)."""
    attempt = get_own_attempt(request.user, pk)
    try:
        order = int(request.POST.get("order", ""))
        answer_type = attempt.answers.values_list("type", flat=True).get(order=order)
    except (ValueError, Answer.DoesNotExist) as exc:
        raise Http404 from exc
    save_number = _save_number(request.POST)
    if save_number is None:
        # A page from before save numbers, or a forged request: reloading gives a current page.
        return JsonResponse({"saved": False, "error": _("This page is out of date: reload it.")}, status=400)
    try:
        answer = save_answer(
            attempt=attempt, order=order, raw=_raw_from(request.POST, answer_type), save_number=save_number
        )
    except LateSaveError:
        return JsonResponse({"saved": False, "late": True, "order": order})
    except ExamError as exc:
        return JsonResponse({"saved": False, "error": str(exc)}, status=409)
    return JsonResponse(
        {"saved": True, "order": order, "at": timezone.localtime(answer.answered_at).strftime("%H:%M:%S")}
    )


@role_required(Role.TRAINEE, Role.MENTOR)
@require_POST
def attempt_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The final submission, with the answers the page carries (its latest), stored as final."""
    attempt = get_own_attempt(request.user, pk)
    answers: dict[int, Any] = {}
    if attempt.is_open:
        for order, answer_type in attempt.answers.values_list("order", "type"):
            prefix = f"q{order}-"
            if any(key.startswith(prefix) for key in request.POST):
                answers[order] = _raw_from(request.POST, answer_type, prefix)
    try:
        submit_attempt(attempt=attempt, answers=answers)
        messages.success(request, _("Your answers are submitted."))
    except ExamError as exc:
        messages.warning(request, str(exc))
    return redirect("attempt_result", pk=attempt.pk)


@role_required(Role.TRAINEE, Role.MENTOR)
def attempt_result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attempt = get_own_attempt(request.user, pk)
    close_expired(employee=attempt.employee)
    attempt.refresh_from_db()
    if attempt.is_open:
        return redirect("attempt_take", pk=attempt.pk)
    state = standing(attempt.exam, attempt.employee) if attempt.exam is not None else None
    answers = list(attempt.answers.order_by("order"))
    return render(
        request,
        "assessments/attempt_result.html",
        {
            "attempt": attempt,
            "state": state,
            "answers": answers,
            "show_score": shows_score(attempt),
            "show_answers": shows_answers(attempt, attempts_left=state.attempts_left if state else 0),
        },
    )


@role_required(Role.TRAINEE)
@require_http_methods(["GET", "POST"])
def notebook(request: AuthenticatedHttpRequest) -> HttpResponse:
    """错题集: the questions got wrong, with the right answer and explanation; practice never counts."""
    me = own_employee(request.user)
    if request.method == "POST":
        try:
            attempt = start_practice(employee=me)
        except ExamError as exc:
            messages.info(request, str(exc))
            return redirect("notebook")
        return redirect("attempt_take", pk=attempt.pk)
    latest: dict[int, Answer] = {}
    for answer in wrong_answers(me):
        latest.setdefault(answer.question_id, answer)
    return render(request, "assessments/notebook.html", {"answers": list(latest.values())})


# ---------------------------------------------------------------------------- staff


@role_required(Role.HR, Role.TRAINER)
def alerts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Failed exams: retakes scheduled, and those out of attempts for HR to decide."""
    cohorts = alert_cohorts(request.user)
    return render(request, "assessments/alerts.html", {"alerts": exam_alerts_with_enrollments(cohorts=cohorts)})


@login_required
@require_http_methods(["GET", "POST"])
def go_live(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrollment, can = get_go_live_scope(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        text = request.POST.get("text", "")
        try:
            if action in (SignOffRole.TRAINER, SignOffRole.MENTOR):
                if action not in can:
                    raise PermissionDenied
                sign_off(enrollment=enrollment, role=action, by=request.user, recommendation=text)
                messages.success(request, _("Your sign-off is recorded."))
            elif action == "eliminate":
                if "eliminate" not in can:
                    raise PermissionDenied
                eliminate(enrollment=enrollment, by=request.user, reason=text)
                messages.success(request, _("The elimination is recorded."))
            else:
                return HttpResponse(status=400)
        except GateError as exc:
            messages.error(request, str(exc))
        return redirect("go_live", pk=enrollment.pk)
    evidence = evidence_for(enrollment)
    history = enrollment.employee.status_changes.select_related("changed_by").order_by("-changed_at")[:10]
    sections = go_live_sections.collect(enrollment=enrollment, viewer=request.user)
    return render(
        request,
        "assessments/go_live.html",
        {
            "enrollment": enrollment,
            "ev": evidence,
            "can": can,
            "history": history,
            "roles": SignOffRole,
            "sections": sections,
        },
    )
