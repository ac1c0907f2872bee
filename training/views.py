"""Trainee, trainer and mentor pages: today, the week, roll calls, the cohort calendar."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from employees.permissions import employee_of, role_required
from employees.roles import Role, has_role

from .forms import RollCallForm
from .models import Attachment, Cohort, Enrollment
from .permissions import get_cohort_for_user, get_roll_call_scope
from .selectors import cohort_calendar, day_off_name, roll_call
from .services import record_check_offs, save_shadowing_log


@role_required(Role.HR, Role.TRAINER)
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    today_ = timezone.localdate()
    columns, rows = cohort_calendar(cohort, today_)
    return render(
        request, "training/calendar.html", {"cohort": cohort, "columns": columns, "rows": rows, "today": today_}
    )


@role_required(Role.HR, Role.TRAINER, Role.MENTOR)
def roll_call_today(request: HttpRequest, pk: int) -> HttpResponse:
    get_roll_call_scope(request.user, pk)
    return redirect("roll_call", pk=pk, on=timezone.localdate().isoformat())


@role_required(Role.HR, Role.TRAINER, Role.MENTOR)
@require_http_methods(["GET", "POST"])
def roll_call_page(request: HttpRequest, pk: int, on: str) -> HttpResponse:
    cohort, mentor_scope = get_roll_call_scope(request.user, pk)
    try:
        day = date.fromisoformat(on)
    except ValueError as exc:
        raise Http404 from exc
    entries = roll_call(cohort=cohort, on=day, mentor=mentor_scope)
    me = employee_of(request.user) if has_role(request.user, Role.MENTOR) else None
    # Only a trainee's own mentor writes the shadowing log.
    log_for = {e.enrollment.pk for e in entries if e.shadowing and me and e.enrollment.employee.mentor_id == me.pk}
    form = RollCallForm(request.POST or None, entries=entries, log_for=log_for)
    if request.method == "POST":
        if form.is_valid():
            count = record_check_offs(check_offs=form.check_offs(), by=request.user)
            for entry, data in form.logs():
                save_shadowing_log(enrollment=entry.enrollment, day_number=entry.day_number, mentor=me, **data)
            messages.success(request, _("Roll call saved (%(count)s changes).") % {"count": count})
            return redirect("roll_call", pk=cohort.pk, on=day.isoformat())
        messages.error(request, _("Nothing was saved: correct the marked fields."))
    return render(
        request,
        "training/roll_call.html",
        {
            "cohort": cohort,
            "on": day,
            "form": form,
            "mentor_scope": mentor_scope,
            "prev_date": day - timedelta(days=1),
            "next_date": day + timedelta(days=1),
            "day_off": day_off_name(day) if not entries else "",
        },
    )


@role_required(Role.MENTOR)
def mentor_home(request: HttpRequest) -> HttpResponse:
    me = employee_of(request.user)
    if me is None:
        raise PermissionDenied
    today = timezone.localdate()
    # Roll calls only for cohorts still running; mentees past and present.
    cohorts = (
        Cohort.objects.filter(enrollments__employee__mentor=me, start_date__lte=today, end_date__gte=today)
        .annotate(mentees=Count("enrollments"))
        .order_by("-start_date")
    )
    mentees = (
        Enrollment.objects.filter(employee__mentor=me)
        .select_related("employee", "cohort")
        .order_by("-cohort__start_date", "employee__employee_no")
    )
    return render(request, "training/mentor_home.html", {"cohorts": cohorts, "mentees": mentees, "today": today})


@role_required(Role.HR, Role.TRAINER, Role.MENTOR, Role.TRAINEE)
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Materials are served only to staff and to trainees whose plan contains them."""
    item_file = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    if not has_role(request.user, Role.HR, Role.TRAINER, Role.MENTOR):
        employee = employee_of(request.user)
        if (
            employee is None
            or not Enrollment.objects.filter(employee=employee, plan_id=item_file.item.template_id).exists()
        ):
            raise Http404
    try:
        handle = item_file.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=False, filename=item_file.file.name.rsplit("/", 1)[-1])
