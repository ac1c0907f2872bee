"""Where each person lands: the home page that sends every role to its start page, and the trainee's
today and week, which bring the plan, exams and retakes together."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from assessments.selectors import exam_links, retakes_on, trial_post_locked
from common.dates import parse_day
from common.http import AuthenticatedHttpRequest
from dialogues.selectors import scenarios_of_items
from employees.permissions import employee_of, role_required
from employees.roles import Role, has_role
from knowledge.selectors import open_updates_for
from onboarding.selectors import gate_for
from training.selectors import day_off_name, load_trainee_plan, week_of


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each role to its own start page: HR to the training overview, trainers to their day."""
    if has_role(request.user, Role.HR):
        return redirect("hr_dashboard")
    if has_role(request.user, Role.TRAINER):
        return redirect("trainer_dashboard")
    if has_role(request.user, Role.MENTOR):
        return redirect("mentor_home")
    if has_role(request.user, Role.TRAINEE):
        return redirect("today")
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "no_role.html", status=403)


def _date_param(request: HttpRequest, default: date) -> date:
    """?d=YYYY-MM-DD; anything unreadable or out of range falls back to the default rather than failing."""
    return parse_day(request.GET.get("d", "")) or default


@role_required(Role.TRAINEE)
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = employee_of(request.user)
    real_today = timezone.localdate()
    on = _date_param(request, real_today)
    plan = load_trainee_plan(employee, on) if employee else None
    context: dict[str, object] = {"employee": employee, "plan": plan, "on": on, "real_today": real_today}
    context["open_updates"] = open_updates_for(employee) if employee else []
    if plan is not None:
        day = plan.day_on(on)
        context.update(
            day=day,
            day_off=day_off_name(on) if day is None else "",
            next_day=plan.next_after(on),
            next_exam=plan.next_exam_after(on, include=day is None or not day.has_exam),
            progress=plan.progress_percent(on),
            before_start=plan.first_day is not None
            and on < plan.first_day.date
            and (day is None or day.day_number != 0),
            finished=plan.last_day is not None and on > plan.last_day.date,
            prev_date=on - timedelta(days=1),
            next_date=on + timedelta(days=1),
        )
        _add_exams(context, employee, plan, day, on)
        _add_dialogues(employee, day)
        _add_gate(context, plan, day, on, real_today)
    return render(request, "training/today.html", context)


def _add_gate(context: dict[str, object], plan, day, on: date, real_today: date) -> None:
    """The pre-onboarding step: shown up to day 1 and for as long as it holds the plan days from day 1 on
    (their items are locked then)."""
    gate = gate_for(plan.enrollment)
    next_day = plan.next_after(on)
    context.update(
        gate=gate,
        locked=gate is not None and day is not None and gate.locks(day.day_number),
        next_locked=gate is not None and next_day is not None and gate.locks(next_day.day_number),
        show_step=gate is not None and (not gate.ready or gate.day_one is None or real_today < gate.day_one),
    )


def _add_dialogues(employee, day) -> None:
    """Link each plan item to the buyer dialogues of the trainee's class hanging on it (day 6: 情景对话)."""
    if day is None or not day.items:
        return
    linked = scenarios_of_items([iv.item.id for iv in day.items], employee.position_class)
    for iv in day.items:
        iv.scenarios = linked.get(iv.item.id, [])


def _add_exams(context: dict[str, object], employee, plan, day, on: date) -> None:
    """Link each exam item to its exam; name retakes due today; say when the trial post is closed."""
    if day is not None and day.has_exam:
        links = exam_links(employee, [iv.item.id for iv in day.items if iv.is_exam])
        for iv in day.items:
            iv.exam_link = links.get(iv.item.id)
    context["retakes"] = retakes_on(employee, on) if on == timezone.localdate() else []
    context["trial_post_locked"] = day is not None and trial_post_locked(plan.enrollment, day.day_number)


@role_required(Role.TRAINEE)
def week(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = employee_of(request.user)
    on = _date_param(request, timezone.localdate())
    plan = load_trainee_plan(employee, on) if employee else None
    days = week_of(on)
    by_date = {d.date: d for d in plan.days} if plan else {}
    gate = gate_for(plan.enrollment) if plan else None
    return render(
        request,
        "training/week.html",
        {
            "plan": plan,
            "on": on,
            "real_today": timezone.localdate(),
            "week": [(d, by_date.get(d)) for d in days],
            "prev_week": days[0] - timedelta(days=7),
            "next_week": days[0] + timedelta(days=7),
            "locked": gate is not None and not gate.ready,  # plan days from day 1 on are locked
        },
    )
