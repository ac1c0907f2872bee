"""HR's KPI pages: imports (upload → preview → confirm → result), thresholds, CS accounts."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.models import Employee
from employees.permissions import get_employee_for_hr, role_required
from employees.roles import Role

from .forms import AccountFormSet, KpiUploadForm, ThresholdForm, accounts_of
from .imports import MAX_MB, MAX_ROWS, KpiCheck, PendingUploadNotFoundError, claim_upload, keep_upload, read_kpis
from .metrics import METRICS
from .models import KpiImport, Platform, Threshold
from .permissions import get_import
from .selectors import all_thresholds
from .services import KpiError, import_kpis, replace_accounts, save_thresholds

IMPORTS_PER_PAGE = 30
RECORDS_PER_PAGE = 100
EMPLOYEES_PER_PAGE = 50
PREVIEW_ROWS = 200


def _upload_page(request: HttpRequest, form: KpiUploadForm, check: KpiCheck | None = None) -> HttpResponse:
    return render(
        request,
        "kpi/upload.html",
        {
            "form": form,
            "problems": check.problems if check else [],
            "metrics": METRICS.values(),
            "max_rows": MAX_ROWS,
            "max_mb": MAX_MB,
        },
    )


def _preview_page(request: HttpRequest, check: KpiCheck, *, token: UUID | None) -> HttpResponse:
    return render(
        request,
        "kpi/preview.html",
        {
            "check": check,
            "token": token,
            "form": KpiUploadForm(initial={"platform": check.platform}),
            "shown_rows": [
                (row, [METRICS[metric].format(row.values.get(metric)) for metric, _header in check.metric_columns])
                for row in check.rows[:PREVIEW_ROWS]
            ],
            "hidden_rows": max(len(check.rows) - PREVIEW_ROWS, 0),
            "platform_label": Platform(check.platform).label,
        },
    )


@role_required(Role.HR)
@require_GET
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    imports = KpiImport.objects.select_related("imported_by").order_by("-imported_at", "-id")
    page = Paginator(imports, IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "kpi/import_list.html", {"page": page})


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the export and show the preview; keep the file only if it can be imported."""
    posted = request.method == "POST"
    form = KpiUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if not posted or not form.is_valid():
        return _upload_page(request, form)
    upload = form.cleaned_data["file"]
    platform, period = form.cleaned_data["platform"], form.period()
    check = read_kpis(upload, name=upload.name, platform=platform, period=period, size=upload.size)
    if not check.rows and check.problems:  # nothing to preview: the file, or its header, could not be read
        return _upload_page(request, form, check)
    token = (
        keep_upload(user_id=request.user.pk, upload=upload, name=upload.name, platform=platform, period=period)
        if check.importable
        else None
    )
    return _preview_page(request, check, token=token)


@role_required(Role.HR)
@require_POST
def import_confirm(request: AuthenticatedHttpRequest, token: UUID) -> HttpResponse:
    """Import the previewed export. Only its uploader can; a token that is not theirs (or used already) is a 404."""
    try:
        pending = claim_upload(user_id=request.user.pk, token=token)
    except PendingUploadNotFoundError as exc:
        raise Http404 from exc
    try:
        with pending.path.open("rb") as handle:
            check = read_kpis(handle, name=pending.name, platform=pending.platform, period=pending.period)
        try:
            kpi_import = import_kpis(check=check, by=request.user)
        except KpiError as error:
            messages.error(request, str(error))
            return _preview_page(request, check, token=None)
    finally:
        pending.path.unlink(missing_ok=True)
    messages.success(
        request,
        ngettext(
            "%(count)s row of figures was imported.", "%(count)s rows of figures were imported.", kpi_import.row_count
        )
        % {"count": kpi_import.row_count},
    )
    return redirect("kpi_import_detail", pk=kpi_import.pk)


@role_required(Role.HR)
@require_GET
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kpi_import = get_import(pk)
    records = kpi_import.records.select_related("employee").order_by("account_name", "period_start", "pk")
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    thresholds = all_thresholds()
    metrics = [METRICS[m] for m in METRICS if m in kpi_import.columns]
    rows = []
    for record in page:
        cells = []
        for info in metrics:
            value = getattr(record, info.metric.value)
            threshold = thresholds.get((record.employee.position_class, info.metric.value))
            met = None if value is None or threshold is None else info.meets(value, threshold)
            cells.append((info.format(value), met))
        rows.append((record, cells))
    return render(
        request,
        "kpi/import_detail.html",
        {
            "kpi_import": kpi_import,
            "page": page,
            "rows": rows,
            "metrics": metrics,
            "replaced_since": max(kpi_import.row_count - page.paginator.count, 0),
        },
    )


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def thresholds(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = all_thresholds()
    form = ThresholdForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        changed = save_thresholds(values=form.values(), by=request.user)
        messages.success(
            request,
            ngettext("%(count)s threshold changed.", "%(count)s thresholds changed.", changed) % {"count": changed},
        )
        return redirect("kpi_thresholds")
    latest = Threshold.objects.select_related("updated_by").order_by("-updated_at").first()
    return render(request, "kpi/thresholds.html", {"form": form, "latest": latest})


@role_required(Role.HR)
@require_GET
def account_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Employees and their CS accounts: those with accounts, or those a search finds (by 工号, name, account)."""
    query = request.GET.get("q", "").strip()[:100]
    employees = Employee.objects.order_by("employee_no")
    if query:
        employees = employees.filter(
            Q(employee_no__icontains=query) | Q(name__icontains=query) | Q(cs_accounts__name__icontains=query)
        ).distinct()
    else:
        employees = employees.filter(cs_accounts__isnull=False).distinct()
    page = Paginator(employees.prefetch_related("cs_accounts"), EMPLOYEES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "kpi/account_list.html", {"page": page, "query": query})


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def employee_accounts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employee = get_employee_for_hr(pk)
    if request.method == "POST":
        # Bound without initial values: a posted row is read whether or not it matches what the page showed.
        formset = AccountFormSet(request.POST, prefix="accounts")
    else:
        initial = [{"platform": a.platform, "name": a.name} for a in employee.cs_accounts.all()]
        formset = AccountFormSet(initial=initial, prefix="accounts")
    if request.method == "POST" and formset.is_valid():
        try:
            kept = replace_accounts(employee=employee, accounts=accounts_of(formset))
        except KpiError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext("%(name)s now has %(count)s CS account.", "%(name)s now has %(count)s CS accounts.", len(kept))
                % {"name": employee.name, "count": len(kept)},
            )
            return redirect("kpi_employee_accounts", pk=employee.pk)
    return render(request, "kpi/employee_accounts.html", {"employee": employee, "formset": formset})
