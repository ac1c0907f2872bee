"""Pages of the Excel reports: ask for one, watch it being built, download it, see the list.

Who may ask for, see and download what is in :mod:`reports.permissions`. The file is served through
:func:`report_download` (MEDIA_ROOT is not published).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.dates import validate_in_range
from common.http import AuthenticatedHttpRequest
from employees.models import Status
from employees.permissions import role_required
from employees.roles import Role
from training.permissions import get_cohort_for_user

from .models import Report, ReportKind, ReportStatus
from .permissions import check_employee_in_scope, get_report_for_user, report_cohorts, reports_for, sees_every_cohort
from .services import ReportError, request_report, retry_report

PER_PAGE = 50
ACTIVE = (ReportStatus.QUEUED, ReportStatus.RUNNING)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------------------- access


def _id(raw: str | None) -> int | None:
    """An id from the form: empty is None, anything but digits is a tampered request (404)."""
    if raw is None or raw.strip() == "":
        return None
    if not (raw.strip().isascii() and raw.strip().isdigit()):  # "²" is a digit to isdigit(), not to int()
        raise Http404
    return int(raw)


class RangeForm(forms.Form):
    since = forms.DateField(label=gettext_lazy("From"), required=False, validators=[validate_in_range])
    until = forms.DateField(label=gettext_lazy("To"), required=False, validators=[validate_in_range])
    week_start = forms.DateField(label=gettext_lazy("Week"), required=False, validators=[validate_in_range])
    status = forms.MultipleChoiceField(label=gettext_lazy("Status"), choices=Status.choices, required=False)


def scoped_params(user: User, kind: str, data: Any) -> dict[str, Any]:
    """Read a report request from the posted form and check the asker's scope: 404 for a cohort or
    employee they may not see (or that does not exist), 403 for a report they may not ask for.
    Dates and statuses come back as they were posted; request_report checks them."""
    hr = sees_every_cohort(user)
    cohort_id = _id(data.get("cohort"))
    if cohort_id is not None:
        get_cohort_for_user(user, cohort_id)  # 404 outside the scope
    if kind == ReportKind.TRANSCRIPT:
        employee_id = _id(data.get("employee"))
        if employee_id is None:
            raise Http404
        check_employee_in_scope(user, employee_id)
        return {"employee_id": employee_id}
    if kind == ReportKind.COHORT or (kind == ReportKind.TRAINING and cohort_id is not None):
        if cohort_id is None:
            raise Http404
        return {"cohort_id": cohort_id}
    if not hr and not (kind == ReportKind.EMPLOYEES and cohort_id is not None):
        raise PermissionDenied  # a report across every cohort: HR only
    form = RangeForm(data)
    if not form.is_valid():
        raise ReportError(" ".join(str(e) for errors in form.errors.values() for e in errors))
    dates = form.cleaned_data
    if kind == ReportKind.TRAINING:
        return {"since": dates["since"], "until": dates["until"]}
    if kind == ReportKind.WEEKLY:
        return {"week_start": dates["week_start"]}
    return {"cohort_id": cohort_id, "statuses": form.cleaned_data["status"]}


# ---------------------------------------------------------------------------- pages


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("report_list")


@role_required(Role.HR, Role.TRAINER)
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports asked for (HR: everyone's; a trainer: their own), newest first, with forms to
    ask for more."""
    reports = reports_for(request.user, Report.objects.select_related("requested_by").order_by("-requested_at", "-pk"))
    hr = sees_every_cohort(request.user)
    cohorts = report_cohorts(request.user).order_by("-start_date", "-pk")
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "reports/list.html",
        {
            "page": page,
            "cohorts": list(cohorts.only("pk", "name", "start_date")),
            "statuses": Status.choices,
            "is_hr": hr,
            "today": today,
            "this_monday": today - timedelta(days=today.weekday()),
            "month_ago": today - timedelta(days=30),
            "active": ACTIVE,
        },
    )


@role_required(Role.HR, Role.TRAINER)
@require_POST
def report_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for a report; then watch it on its page."""
    kind = request.POST.get("kind", "")
    if kind not in ReportKind.values:
        return HttpResponseBadRequest(_("Unknown report."))
    try:
        params = scoped_params(request.user, kind, request.POST)
        report = request_report(kind=kind, params=params, user=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
        return _back(request)
    messages.success(request, _("The report is being prepared. You can leave this page; it stays in your list."))
    return redirect("report_detail", pk=report.pk)


@role_required(Role.HR, Role.TRAINER)
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One report with a progress bar that follows the build, then the download."""
    report = get_report_for_user(request.user, pk)
    return render(request, "reports/detail.html", {"report": report, "active": ACTIVE})


@role_required(Role.HR, Role.TRAINER)
@require_POST
def report_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Build a failed report again (e.g. after its worker died); whoever may see it may retry it."""
    report = get_report_for_user(request.user, pk)
    try:
        retry_report(report=report)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report is being built again."))
    return redirect("report_detail", pk=report.pk)


def status_payload(report: Report) -> dict[str, Any]:
    done = report.status == ReportStatus.DONE and bool(report.file)
    return {
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "progress": report.progress,
        "error": report.error,
        "download_url": reverse("report_download", args=[report.pk]) if done else None,
    }


@never_cache
@role_required(Role.HR, Role.TRAINER)
def report_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """The build's state for the page to poll: status, progress (0–100), error, download link."""
    return JsonResponse(status_payload(get_report_for_user(request.user, pk)))


@role_required(Role.HR, Role.TRAINER)
def report_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The finished file, under its Chinese name; 404 until it is ready."""
    report = get_report_for_user(request.user, pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = report.params.get("download_name") or f"report-{report.pk}.xlsx"
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(name, fallback=f"report-{report.pk}.xlsx")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def content_disposition(name: str, *, fallback: str) -> str:
    """``attachment`` with an ASCII fallback name and the real one in RFC 5987 form."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
