"""Quality-check pages: the checkers' list, team results and export; scoring and changing a check; a check's
page; an employee's results; an employee's own checks and a mentor's mentees'. Access rules in
``quality.permissions``."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.http import AuthenticatedHttpRequest
from common.xlsx.render import write_workbook
from employees.audit import person
from employees.models import FINISHED_STATUSES, Employee
from employees.permissions import employee_of, is_mentor_of, mentees_of, role_required
from employees.roles import Role, has_role

from . import exports
from .forms import CheckForm, ChecksFilterForm, FindEmployeeForm, PeriodForm, SheetChoiceForm
from .models import Category, Item, QualityCheck, ScoreSheet
from .permissions import (
    CHECKERS,
    READERS,
    checkable_employees,
    checks_in_scope,
    get_check_for_user,
    get_check_to_edit,
    get_employee_results_for_user,
    get_employee_to_check,
    may_edit,
    sees_everyone,
)
from .selectors import filtered, in_period, most_missed, summary, team_results, teams_of, trend
from .services import QualityError, refreshers_of, rescore_check, score_check

PER_PAGE = 50
SEARCH_RESULTS = 20
RECENT_DAYS = 90  # the span of the summaries on the "my checks" page and the employee page's section


def coaching_url(check: QualityCheck) -> str:
    """The coaching app's "new plan" page for this employee after this check (linked, not imported)."""
    return "/coaching/new/?" + urlencode({"employee": check.employee_id, "check": check.pk})


def _sheet_categories(sheet: ScoreSheet) -> list[Category]:
    return list(sheet.categories.prefetch_related(Prefetch("items", queryset=Item.objects.order_by("order", "id"))))


def _list_url(name: str, **params: Any) -> str:
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return reverse(name) + ("?" + urlencode(query) if query else "")


@role_required(*CHECKERS)
def check_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Checks in the user's scope over a period, filtered by team, employee and outcome, newest first."""
    scope = checks_in_scope(request.user)
    form = ChecksFilterForm(request.GET, teams=teams_of(checkable_employees(request.user)))
    page = stats = None
    if form.is_valid():
        since, until = form.period()
        data = form.cleaned_data
        checks = filtered(
            scope,
            since=since,
            until=until,
            team=data.get("team", ""),
            q=data.get("q", ""),
            outcome=data.get("outcome", ""),
        )
        stats = summary(checks)
        rows = checks.select_related("employee", "sheet").order_by("-chat_date", "-id")
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    since, until = form.period()
    return render(
        request,
        "quality/list.html",
        {"form": form, "page": page, "stats": stats, "since": since, "until": until},
    )


@role_required(*CHECKERS)
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per team over a period: checks, people, average, pass rate, red lines and the items missed most."""
    form = PeriodForm(request.GET)
    rows, missed, overall = [], [], None
    if form.is_valid():
        since, until = form.period()
        checks = in_period(checks_in_scope(request.user), since, until)
        rows = team_results(checks)
        overall = summary(checks)
        missed = most_missed(checks, limit=10)
    since, until = form.period()
    return render(
        request,
        "quality/teams.html",
        {
            "form": form,
            "rows": rows,
            "overall": overall,
            "missed": missed,
            "since": since,
            "until": until,
            "is_hr": sees_everyone(request.user),
        },
    )


@role_required(*CHECKERS)
def check_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered list as an xlsx (same query string as the list)."""
    form = ChecksFilterForm(request.GET, teams=teams_of(checkable_employees(request.user)))
    if not form.is_valid():
        messages.error(request, _("Nothing was exported: correct the filters."))
        return redirect(_list_url("quality_list", **request.GET.dict()))
    since, until = form.period()
    data = form.cleaned_data
    checks = filtered(
        checks_in_scope(request.user),
        since=since,
        until=until,
        team=data.get("team", ""),
        q=data.get("q", ""),
        outcome=data.get("outcome", ""),
    )
    filters = [(str(form.fields[name].label), data[name]) for name in ("team", "q") if data.get(name)]
    if data.get("outcome"):
        filters.append((_("Show"), dict(form.fields["outcome"].choices)[data["outcome"]]))  # type: ignore[attr-defined]
    # The renderer writes to a path: a named temporary file, unlinked once open so that nothing stays behind.
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as target:
        path = Path(target.name)
    try:
        write_workbook(path, exports.sheets(checks, since=since, until=until, filters=filters))
        handle = path.open("rb")
    finally:
        path.unlink(missing_ok=True)
    name = _("quality-checks") + f"-{since:%Y%m%d}-{until:%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name)


def _find_employee(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step one of a new check: find the employee by 工号 or name among those the user may check."""
    form = FindEmployeeForm(request.GET if "q" in request.GET else None)
    results: list[Employee] = []
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        q = form.cleaned_data["q"].strip()
        results = list(
            checkable_employees(request.user)
            .exclude(status__in=FINISHED_STATUSES)
            .filter(Q(employee_no__iexact=q) | Q(name__icontains=q))
            .order_by("employee_no")[:SEARCH_RESULTS]
        )
    return render(
        request,
        "quality/find_employee.html",
        {"form": form, "results": results, "searched": searched, "limit": SEARCH_RESULTS},
    )


def _employee_param(request: AuthenticatedHttpRequest) -> int | None:
    raw = request.GET.get("employee", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


@role_required(*CHECKERS)
@require_http_methods(["GET", "POST"])
def check_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Score a chat: ``?employee=<id>`` names the employee (else a search comes first), ``?sheet=<id>`` one of
    the sheets in use (else the first)."""
    pk = _employee_param(request)
    if pk is None:
        return _find_employee(request)
    employee = get_employee_to_check(request.user, pk)
    sheets = ScoreSheet.objects.filter(is_active=True).order_by("code", "id")
    sheet_form = SheetChoiceForm(request.GET if "sheet" in request.GET else None, sheets=sheets)
    sheet = sheet_form.cleaned_data["sheet"] if sheet_form.is_bound and sheet_form.is_valid() else sheets.first()
    if sheet is None:
        return render(request, "quality/no_sheet.html", status=200)
    form = CheckForm(request.POST or None, categories=_sheet_categories(sheet), employee=employee)
    if request.method == "POST":
        if sheet_form.is_bound and not sheet_form.is_valid():
            form.is_valid()
            form.add_error(None, _("The score sheet this form was made for is no longer in use: score the chat again."))
        elif form.is_valid():
            try:
                check = score_check(employee=employee, sheet=sheet, data=form.to_input(), by=request.user)
            except QualityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _saved_message(check))
                return redirect("quality_detail", pk=check.pk)
        messages.error(request, _("Nothing was saved: correct the marked fields."))
    return render(
        request,
        "quality/check_form.html",
        {
            "form": form,
            "employee": employee,
            "sheet": sheet,
            "sheet_form": sheet_form,
            "sheets": list(sheets) if sheets.count() > 1 else [],
            "action": _list_url("quality_new", employee=employee.pk, sheet=sheet.pk),
        },
    )


def _saved_message(check: QualityCheck) -> str:
    if check.red_line:
        return _("Saved: %(name)s hit a red line; the chat scores 0 and a refresher has been asked for.") % {
            "name": check.employee.name
        }
    if check.passed:
        return _("Saved: %(name)s scored %(total)s.") % {"name": check.employee.name, "total": check.total}
    return _("Saved: %(name)s scored %(total)s, below the pass mark.") % {
        "name": check.employee.name,
        "total": check.total,
    }


@role_required(*CHECKERS)
@require_http_methods(["GET", "POST"])
def check_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change a check against the sheet it was scored with (HR, or the trainer who scored it)."""
    check = get_check_to_edit(request.user, pk)
    form = CheckForm(
        request.POST or None, categories=_sheet_categories(check.sheet), employee=check.employee, check=check
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                check = rescore_check(check=check, data=form.to_input(), by=request.user)
            except QualityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _saved_message(check))
                return redirect("quality_detail", pk=check.pk)
        messages.error(request, _("Nothing was saved: correct the marked fields."))
    return render(
        request,
        "quality/check_form.html",
        {
            "form": form,
            "employee": check.employee,
            "sheet": check.sheet,
            "check": check,
            "action": reverse("quality_edit", kwargs={"pk": check.pk}),
        },
    )


def _coaches(user: Any, employee: Employee) -> bool:
    """Who is offered "start a coaching plan": HR, trainers in scope (the check's readers with a checker's
    role) and the employee's mentor."""
    return has_role(user, *CHECKERS) or (has_role(user, Role.MENTOR) and is_mentor_of(user, employee))


@role_required(*READERS)
def check_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    check = get_check_for_user(request.user, pk)
    hits = list(check.hits.select_related("item__category").order_by("item__category__order", "item__order", "id"))
    own = check.employee.user_id == request.user.pk
    return render(
        request,
        "quality/check_detail.html",
        {
            "check": check,
            "employee": check.employee,
            "hits": hits,
            "own": own,
            "check_by": person(check.checker),
            "may_edit": may_edit(request.user, check),
            "refreshers": refreshers_of(check) if not own else [],
            "coaching_url": coaching_url(check)
            if check.failed and not own and _coaches(request.user, check.employee)
            else "",
        },
    )


@role_required(*READERS)
def employee_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One employee's checks over a period (default 90 days): average, pass rate, red lines, the trend and the
    items they miss most, and the list."""
    employee = get_employee_results_for_user(request.user, pk)
    form = PeriodForm(request.GET, default_days=RECENT_DAYS)
    page = stats = None
    points: list[dict[str, Any]] = []
    missed = []
    if form.is_valid():
        since, until = form.period()
        checks = in_period(QualityCheck.objects.filter(employee=employee), since, until)
        stats = summary(checks)
        points = trend(checks)
        missed = most_missed(checks)
        page = Paginator(checks.select_related("sheet").order_by("-chat_date", "-id"), PER_PAGE).get_page(
            request.GET.get("page")
        )
    since, until = form.period()
    return render(
        request,
        "quality/employee.html",
        {
            "employee": employee,
            "form": form,
            "page": page,
            "stats": stats,
            "chart": {"points": points, "pass_mark": _pass_mark()},
            "missed": missed,
            "since": since,
            "until": until,
            "may_check": has_role(request.user, *CHECKERS) and employee.status not in FINISHED_STATUSES,
            "own": employee.user_id == request.user.pk,
        },
    )


def _pass_mark() -> int | None:
    """The pass mark of the first sheet in use, drawn as a line on the chart."""
    return ScoreSheet.objects.filter(is_active=True).order_by("code", "id").values_list("pass_mark", flat=True).first()


@role_required(Role.TRAINEE, Role.MENTOR)
def my_checks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An employee's own checks (read-only), and for a mentor their mentees' results over the last 90 days."""
    me = employee_of(request.user)
    if me is None:
        return render(request, "quality/mine.html", {"me": None})
    since = timezone.localdate() - timedelta(days=RECENT_DAYS - 1)
    own = QualityCheck.objects.filter(employee=me)
    page = Paginator(own.select_related("sheet").order_by("-chat_date", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    mentees: QuerySet[Employee] | list[Employee] = []
    if has_role(request.user, Role.MENTOR):
        recent = Q(quality_checks__chat_date__gte=since)
        mentees = (
            mentees_of(me)
            .exclude(status__in=FINISHED_STATUSES)
            .annotate(
                checks=Count("quality_checks", filter=recent),
                average=Avg("quality_checks__total", filter=recent),
                red_lines=Count("quality_checks", filter=recent & Q(quality_checks__red_line=True)),
                last=Max("quality_checks__chat_date"),
            )
            .order_by("employee_no")
        )
    return render(
        request,
        "quality/mine.html",
        {
            "me": me,
            "page": page,
            "stats": summary(own.filter(chat_date__gte=since)),
            "mentees": mentees,
            "active_sheets": ScoreSheet.objects.filter(is_active=True).order_by("code", "id"),
            "since": since,
        },
    )


@role_required(*READERS)
def sheet_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A score sheet as checkers use it: the standard every chat is held to (open to every role)."""
    sheet = get_object_or_404(ScoreSheet, pk=pk)
    categories = _sheet_categories(sheet)
    used = sheet.is_used()
    return render(request, "quality/sheet.html", {"sheet": sheet, "categories": categories, "used": used})
