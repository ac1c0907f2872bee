"""Pages of coaching: the mentor's trial-post log, coaching plans with their check-ins, and rewards and
penalties. Views check access (``permissions``), read a form and call a service (``services``)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.csp import CSP_HEADER, UPLOAD_POLICY
from common.dates import parse_day
from common.http import AuthenticatedHttpRequest
from employees.models import Employee, Status
from employees.permissions import employee_of, role_required
from employees.roles import Role, has_role
from training.models import Enrollment, ScheduledDay

from .exports import write_rewards_export
from .forms import (
    CheckInForm,
    DecisionForm,
    GoalFormSet,
    PlanForm,
    RewardForm,
    TrialPostLogForm,
    goal_initial,
    goal_rows,
)
from .models import ACTIVE_STATUSES, Decision, PlanOrigin, PlanStatus, RewardKind, TrialPostLog
from .permissions import (
    STAFF,
    get_plan_for_user,
    get_reward_for_user,
    get_subject_for_user,
    get_trial_post_scope,
    may_act_for,
    may_decide_rewards,
)
from .selectors import plans_visible_to, rewards_visible_to, trial_post_days, trial_post_of
from .services import (
    CoachingError,
    create_plan,
    decide_reward,
    propose_reward,
    record_check_in,
    save_trial_post_log,
    update_plan,
)

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------------------- the trial-post log


@role_required(*STAFF)
def trial_post_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every trial-post day of one new hire with its date and log; the mentor writes from here."""
    enrollment, can_write = get_trial_post_scope(request.user, pk)
    record = trial_post_of(enrollment)
    if not record.days:
        raise Http404  # a plan without a trial post
    return render(
        request,
        "coaching/trial_post_log.html",
        {"enrollment": enrollment, "record": record, "can_write": can_write, "today": timezone.localdate()},
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def trial_post_log_day(request: AuthenticatedHttpRequest, pk: int, day: int) -> HttpResponse:
    enrollment, can_write = get_trial_post_scope(request.user, pk)
    if not can_write:
        raise Http404
    trial_day = trial_post_of(enrollment).day(day)
    today = timezone.localdate()
    if trial_day is None or not trial_day.has_come(today):
        raise Http404  # not a trial-post day of this plan, or one still to come
    log = trial_day.log
    initial = (
        {"chats_handled": log.chats_handled, "score": log.score, "problems": log.problems, "note": log.note}
        if log
        else {}
    )
    form = TrialPostLogForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        mentor = employee_of(request.user)
        assert mentor is not None  # is_mentor_of above found the user's employee record
        try:
            save_trial_post_log(enrollment=enrollment, day_number=day, mentor=mentor, today=today, **form.cleaned_data)
        except CoachingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Trial-post log of day %(day)s saved.") % {"day": day})
            return redirect("trial_post_log", pk=enrollment.pk)
    return render(
        request, "coaching/trial_post_log_day.html", {"enrollment": enrollment, "day": trial_day, "form": form}
    )


def mentee_trial_posts(mentor: Employee, today: date) -> list[dict[str, Any]]:
    """The mentor's mentees on the trial post, with today's trial-post day and whether it is logged (four
    queries whatever the number of mentees)."""
    enrollments = list(
        Enrollment.objects.filter(employee__mentor=mentor, employee__status=Status.TRIAL_POST)
        .select_related("employee", "cohort")
        .order_by("employee__employee_no", "-cohort__start_date")
    )
    days = trial_post_days({e.plan_id for e in enrollments})
    enrollments = [e for e in enrollments if e.plan_id in days]
    today_days = dict(
        ScheduledDay.objects.filter(enrollment__in=enrollments, date=today).values_list("enrollment_id", "day_number")
    )
    logged = set(TrialPostLog.objects.filter(enrollment__in=enrollments).values_list("enrollment_id", "day_number"))
    rows, seen = [], set()
    for e in enrollments:
        if e.employee_id in seen:
            continue  # the latest enrollment with a trial post
        seen.add(e.employee_id)
        day = today_days.get(e.pk)
        day = day if day in days[e.plan_id] else None
        rows.append({"enrollment": e, "day": day, "logged": day is not None and (e.pk, day) in logged})
    return rows


# ---------------------------------------------------------------------------- coaching plans

PLAN_FILTERS = {"active": Q(status__in=ACTIVE_STATUSES), "closed": ~Q(status__in=ACTIVE_STATUSES), "all": Q()}


@role_required(*STAFF)
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HR: every plan; others their own and their mentees'. Open ones first by default."""
    shown = request.GET.get("show", "active")
    shown = shown if shown in PLAN_FILTERS else "active"
    plans = (
        plans_visible_to(request.user)
        .filter(PLAN_FILTERS[shown])
        .filter(**_about(request.GET.get("employee")))
        .select_related("employee", "owner__employee")
        .annotate(
            open_goals=Count("goals", filter=Q(goals__done_at__isnull=True)),
            next_goal=Min("goals__due_date", filter=Q(goals__done_at__isnull=True)),
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(plans, PER_PAGE).get_page(request.GET.get("page"))
    me = employee_of(request.user) if has_role(request.user, Role.MENTOR) else None
    today = timezone.localdate()
    return render(
        request,
        "coaching/plan_list.html",
        {
            "page": page,
            "shown": shown,
            "today": today,
            "trial_posts": mentee_trial_posts(me, today) if me is not None else [],
            "page_query": urlencode({"show": shown, **_about(request.GET.get("employee"), key="employee")}),
        },
    )


def _about(raw: str | None, *, key: str = "employee_id") -> dict[str, int]:
    """The plans of one employee only (``?employee=<id>``, from the employee page); anything else: all."""
    raw = (raw or "").strip()
    return {key: int(raw)} if raw.isascii() and raw.isdigit() and len(raw) <= 18 else {}


def _choose_subject(request: AuthenticatedHttpRequest, url_name: str) -> HttpResponse | Employee:
    """The employee of a new plan or proposal: ``?employee=<id>``, or ``?no=<工号>`` typed on the page (sent on
    to ``?employee=``, keeping the other parameters), or the page that asks for one."""
    if request.GET.get("employee"):
        return get_subject_for_user(request.user, request.GET["employee"])
    error = ""
    number = request.GET.get("no", "").strip()
    if number:
        found = Employee.objects.select_related("mentor").filter(employee_no=number[:32]).first()
        if found is not None and may_act_for(request.user, found):
            query = request.GET.copy()
            query.pop("no", None)
            query["employee"] = str(found.pk)
            return redirect(f"{reverse(url_name)}?{query.urlencode()}")
        error = _("Nobody you may choose has this 工号.")
    me = employee_of(request.user) if has_role(request.user, Role.MENTOR) else None
    mentees = list(Employee.objects.filter(mentor=me).order_by("employee_no")[:50]) if me is not None else []
    return render(
        request,
        "coaching/choose_employee.html",
        {"url_name": url_name, "error": error, "number": number, "mentees": mentees, "extra": request.GET},
    )


def _quality_check_id(raw: str | None) -> int | None:
    """The quality check a plan comes from (``?check=`` on the link from the quality app): a plain number."""
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    subject = _choose_subject(request, "coaching_plan_create")
    if not isinstance(subject, Employee):
        return subject
    employee = subject
    check_id = _quality_check_id(request.GET.get("check"))
    default_owner = employee.mentor.user if employee.mentor is not None else None
    initial: dict[str, Any] = {"origin": PlanOrigin.QUALITY if check_id else PlanOrigin.GO_LIVE}
    if check_id:
        initial["reason"] = _("Quality check no. %(no)s not passed.") % {"no": check_id}
    form = PlanForm(request.POST or None, initial=initial, default_owner=default_owner, editing=False)
    today = timezone.localdate()
    goals = GoalFormSet(request.POST or None, prefix="goals", initial=[{"due_date": today + timedelta(days=14)}])
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        data = form.cleaned_data
        try:
            plan = create_plan(
                employee=employee,
                reason=data["reason"],
                owner=data["owner"],
                origin=data["origin"],
                quality_check_id=check_id,
                next_check_in=data["next_check_in"],
                goals=goal_rows(goals),
                by=request.user,
            )
        except CoachingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Coaching plan for %(name)s started.") % {"name": employee.name})
            return redirect("coaching_plan_detail", pk=plan.pk)
    return render(
        request,
        "coaching/plan_form.html",
        {"employee": employee, "form": form, "goals": goals, "check_id": check_id, "plan": None},
    )


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, can_edit = get_plan_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied
    owner = plan.owner
    initial = {
        "reason": plan.reason,
        "owner": owner.employee.employee_no if hasattr(owner, "employee") else owner.username,
        "status": plan.status,
        "next_check_in": plan.next_check_in,
    }
    form = PlanForm(request.POST or None, initial=initial, default_owner=owner, editing=True)
    goals = GoalFormSet(request.POST or None, prefix="goals", initial=goal_initial(plan))
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        data = form.cleaned_data
        try:
            update_plan(
                plan=plan,
                reason=data["reason"],
                owner=data["owner"],
                status=data["status"],
                next_check_in=data["next_check_in"],
                goals=goal_rows(goals),
                by=request.user,
            )
        except CoachingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Coaching plan saved."))
            return redirect("coaching_plan_detail", pk=plan.pk)
    return render(
        request,
        "coaching/plan_form.html",
        {"employee": plan.employee, "form": form, "goals": goals, "check_id": None, "plan": plan},
    )


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan, its goals and check-ins; its owner and HR record a check-in here."""
    plan, can_edit = get_plan_for_user(request.user, pk)
    goals = list(plan.goals.all())
    open_goals = [g for g in goals if not g.done]
    today = timezone.localdate()
    form = None
    if can_edit and plan.is_active:
        status = plan.status if plan.status != PlanStatus.OPEN else PlanStatus.ON_TRACK
        form = CheckInForm(
            request.POST or None,
            open_goals=open_goals,
            initial={"on": today, "status": status, "next_check_in": today + timedelta(days=7)},
        )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form is None:  # a closed plan takes no check-in
            messages.error(request, _("This plan is closed; change its status to record a check-in."))
            return redirect("coaching_plan_detail", pk=plan.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_check_in(
                    plan=plan,
                    on=data["on"],
                    note=data["note"],
                    status=data["status"],
                    next_check_in=data["next_check_in"],
                    goals_done=form.goal_ids(),
                    by=request.user,
                )
            except CoachingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Check-in recorded."))
                return redirect("coaching_plan_detail", pk=plan.pk)
    return render(
        request,
        "coaching/plan_detail.html",
        {
            "plan": plan,
            "goals": goals,
            "check_ins": plan.check_ins.select_related("by__employee"),
            "form": form,
            "can_edit": can_edit,
            "today": today,
        },
    )


# ---------------------------------------------------------------------------- rewards and penalties

REWARD_FILTERS = {"pending": Q(status=Decision.PENDING), "all": Q()}


def _period(request: AuthenticatedHttpRequest) -> tuple[date, date]:
    """The export's period from ``?since=&until=`` (default: the last 90 days up to today)."""
    today = timezone.localdate()
    since = parse_day(request.GET.get("since", "")) or today - timedelta(days=90)
    until = parse_day(request.GET.get("until", "")) or today
    return (since, until) if since <= until else (until, since)


@role_required(*STAFF)
def reward_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HR: every reward and penalty, pending ones first; others the ones they proposed."""
    shown = request.GET.get("show", "all")
    shown = shown if shown in REWARD_FILTERS else "all"
    items = (
        rewards_visible_to(request.user)
        .filter(REWARD_FILTERS[shown])
        .select_related("employee", "proposed_by__employee", "decided_by__employee")
        .order_by("-proposed_at", "-pk")
    )
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    since, until = _period(request)
    return render(
        request,
        "coaching/reward_list.html",
        {
            "page": page,
            "shown": shown,
            "pending": rewards_visible_to(request.user).filter(status=Decision.PENDING).count(),
            "can_decide": may_decide_rewards(request.user),
            "since": since,
            "until": until,
            "page_query": urlencode({"show": shown}),
        },
    )


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def reward_propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    subject = _choose_subject(request, "reward_propose")
    if not isinstance(subject, Employee):
        return subject
    employee = subject
    kind = request.GET.get("kind")
    form = RewardForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": kind if kind in RewardKind.values else RewardKind.REWARD},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = propose_reward(
                employee=employee,
                kind=data["kind"],
                reason=data["reason"],
                points=data["points"],
                amount=data["amount"],
                evidence_text=data["evidence_text"],
                evidence_file=data["evidence_file"],
                by=request.user,
            )
        except CoachingError as exc:
            form.add_error(None, str(exc))
        else:
            if item.status == Decision.PENDING:
                messages.success(request, _("Proposal recorded; it counts once HR approves it."))
            return redirect("reward_detail", pk=item.pk)
    return render(request, "coaching/reward_form.html", {"employee": employee, "form": form})


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def reward_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One proposal with its evidence; HR approves or rejects it here."""
    item = get_reward_for_user(request.user, pk)
    can_decide = may_decide_rewards(request.user) and item.status == Decision.PENDING
    form = DecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST":
        if not may_decide_rewards(request.user):
            raise PermissionDenied
        if form is None:
            messages.error(request, _("This proposal has already been decided."))
            return redirect("reward_detail", pk=item.pk)
        if form.is_valid():
            try:
                decide_reward(
                    item=item,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except CoachingError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Decision recorded."))
            return redirect("reward_detail", pk=item.pk)
    return render(request, "coaching/reward_detail.html", {"item": item, "form": form})


@role_required(*STAFF)
def reward_evidence(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The evidence file, always as a download under a policy that runs nothing (as plan materials are)."""
    item = get_reward_for_user(request.user, pk)
    if not item.evidence_file:
        raise Http404
    try:
        handle = item.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = (item.evidence_file.name or "evidence").rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name)
    response[CSP_HEADER] = UPLOAD_POLICY
    return response


@role_required(Role.HR)
def reward_export(request: AuthenticatedHttpRequest) -> FileResponse:
    """Every proposal of a period (by the day it was proposed) and the approved totals per employee, as xlsx."""
    since, until = _period(request)
    items = rewards_visible_to(request.user).filter(proposed_at__date__gte=since, proposed_at__date__lte=until)
    # A small file (proposals are written by hand): built in the request, into a temporary file served as it is.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rewards.xlsx"
        write_rewards_export(path, items, since=since, until=until)
        handle.write(path.read_bytes())
    handle.seek(0)
    name = _("Rewards and penalties %(since)s–%(until)s.xlsx") % {"since": since, "until": until}
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"rewards-{since}-{until}.xlsx\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    return response
