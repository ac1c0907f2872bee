"""Trainee, trainer and mentor pages: today, the week, roll calls, the cohort calendar."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.csp import CSP_HEADER, UPLOAD_POLICY
from common.dates import parse_day
from common.http import AuthenticatedHttpRequest
from employees.permissions import employee_of, role_required
from employees.roles import Role

from .forms import RollCallForm
from .models import Cohort
from .permissions import (
    get_attachment_for_user,
    get_cohort_for_user,
    get_roll_call_scope,
    mentee_enrollments,
    shadowing_log_scope,
)
from .selectors import calendar_members, cohort_calendar, day_off_name, roll_call, roll_call_members
from .services import record_check_offs, save_shadowing_log

CALENDAR_ROWS_PER_PAGE = 100  # trainees by employee number; the grid of a cohort of thousands comes in pages
ROLL_CALL_PER_PAGE = 50  # trainees by employee number; each page is saved on its own


@role_required(Role.HR, Role.TRAINER)
def calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    today_ = timezone.localdate()
    page = Paginator(calendar_members(cohort), CALENDAR_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    columns, rows = cohort_calendar(cohort, today_, enrollments=page)
    return render(
        request,
        "training/calendar.html",
        {"cohort": cohort, "columns": columns, "rows": rows, "today": today_, "page": page},
    )


@role_required(Role.HR, Role.TRAINER, Role.MENTOR)
def roll_call_today(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    get_roll_call_scope(request.user, pk)
    return redirect("roll_call", pk=pk, on=timezone.localdate().isoformat())


@role_required(Role.HR, Role.TRAINER, Role.MENTOR)
@require_http_methods(["GET", "POST"])
def roll_call_page(request: AuthenticatedHttpRequest, pk: int, on: str) -> HttpResponse:
    cohort, mentor_scope = get_roll_call_scope(request.user, pk)
    day = parse_day(on)
    if day is None:
        raise Http404  # not a date, or one no roll call is ever taken on
    page = Paginator(roll_call_members(cohort=cohort, on=day, mentor=mentor_scope), ROLL_CALL_PER_PAGE).get_page(
        request.GET.get("page")
    )
    entries = roll_call(cohort=cohort, on=day, mentor=mentor_scope, enrollment_ids=page)
    # Only a trainee's own mentor writes the shadowing log.
    me, log_for = shadowing_log_scope(request.user, [e.enrollment for e in entries if e.shadowing])
    form = RollCallForm(request.POST or None, entries=entries, log_for=log_for)
    if request.method == "POST":
        if form.is_valid():
            count = record_check_offs(check_offs=form.check_offs(), by=request.user)
            for entry, data in form.logs():
                assert me is not None  # log fields exist only for the mentor's own trainees (log_for above)
                save_shadowing_log(enrollment=entry.enrollment, day_number=entry.day_number, mentor=me, **data)
            messages.success(request, _("Roll call saved (%(count)s changes).") % {"count": count})
            again = reverse("roll_call", kwargs={"pk": cohort.pk, "on": day.isoformat()})
            return redirect(f"{again}?page={page.number}" if page.number > 1 else again)
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
            "page": page,
        },
    )


@role_required(Role.MENTOR)
def mentor_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    me = employee_of(request.user)
    if me is None:
        raise PermissionDenied
    today = timezone.localdate()
    # Roll calls only for cohorts still running; mentees past and present.
    cohorts = (
        Cohort.objects.filter(enrollments__in=mentee_enrollments(me), start_date__lte=today, end_date__gte=today)
        .annotate(mentees=Count("enrollments"))
        .order_by("-start_date")
    )
    mentees = (
        mentee_enrollments(me)
        .select_related("employee", "cohort")
        .order_by("-cohort__start_date", "employee__employee_no")
    )
    return render(request, "training/mentor_home.html", {"cohorts": cohorts, "mentees": mentees, "today": today})


@role_required(Role.HR, Role.TRAINER, Role.MENTOR, Role.TRAINEE)
def attachment(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Materials are served only to staff and to trainees whose plan contains them."""
    item_file = get_attachment_for_user(request.user, pk)
    try:
        handle = item_file.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    assert item_file.file.name is not None  # open() above fails for a field without a file
    # Always a download, never shown in the portal's origin: an uploaded .html or .svg must not run script
    # here. Content-Disposition: attachment with the file's name (RFC 6266, the Chinese name in RFC 5987
    # form); nosniff (SECURE_CONTENT_TYPE_NOSNIFF) and a CSP that allows nothing and sandboxes it, should a
    # browser render it anyway.
    response = FileResponse(handle, as_attachment=True, filename=item_file.file.name.rsplit("/", 1)[-1])
    response[CSP_HEADER] = UPLOAD_POLICY
    return response
