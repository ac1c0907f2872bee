"""HR's pages: certifications (who is valid, expiring, expired), the open refresher needs, and starting a
refresher cohort from a filter or from needs."""

from __future__ import annotations

import tempfile
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.http import AuthenticatedHttpRequest
from employees.models import Employee
from employees.permissions import role_required
from employees.roles import Role
from employees.services import EmployeeError
from training.services import PlanError

from .exports import certification_sheets
from .forms import CertificationFilterForm, NeedFilterForm, RefresherCohortForm
from .models import Competency, RefresherNeed
from .selectors import STANDING_LABELS, STANDINGS, counts_by_competency, open_needs, people_in
from .services import CareerError, expiry_warning_days, open_needs_for, refresher_plans, start_refresher_cohort

PEOPLE_PER_PAGE = 100
MAX_PICKED = 500  # people or needs offered on the refresher form at once
FILTER_FIELDS = ("competency", "standing", "tier", "position_class", "team", "days")


class _Filters:
    """The certifications page's filters, read once for the page, its export and the refresher form."""

    def __init__(self, request: AuthenticatedHttpRequest) -> None:
        self.competencies = list(Competency.objects.filter(is_active=True).order_by("name", "id"))
        self.form = CertificationFilterForm(request.GET or None)
        self.today = timezone.localdate()
        self.days = int(self.form.value("days", expiry_warning_days()))
        self.people = self.form.people()
        self.standing = self.form.value("standing")
        self.query = {k: request.GET[k] for k in FILTER_FIELDS if request.GET.get(k)}

    def competency(self) -> Competency | None:
        """The competency asked for, else the first one (None when there is none)."""
        chosen = self.form.value("competency", None)
        found = [c for c in self.competencies if c.pk == chosen] or self.competencies
        return found[0] if found else None

    def employees(self, competency: Competency) -> QuerySet[Any]:
        found = people_in(competency, self.people, today=self.today, days=self.days)
        return found.filter(standing=self.standing) if self.standing else found  # type: ignore[misc]  # annotated

    def described(self, competency: Competency) -> list[tuple[str, Any]]:
        """The filters in words, for the workbook's "about" sheet."""
        pairs: list[tuple[str, Any]] = [(_("Expiring within (days)"), self.days)]
        if self.standing:
            pairs.append((_("Standing"), str(STANDING_LABELS[self.standing])))
        for name in ("tier", "position_class"):
            if value := self.form.value(name):
                field = self.form.fields[name]
                pairs.append((str(field.label), str(dict(field.choices).get(value, value))))  # type: ignore[attr-defined]
        if self.people.team:
            pairs.append((_("Team / shop"), self.people.team))
        return pairs


@role_required(Role.HR)
def certifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = _Filters(request)
    competency = filters.competency()
    counts = counts_by_competency(filters.competencies, filters.people, today=filters.today, days=filters.days)
    page = None
    if competency is not None:
        page = Paginator(filters.employees(competency), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    keep = {k: v for k, v in filters.query.items() if k != "competency"}
    return render(
        request,
        "career/certifications.html",
        {
            "form": filters.form,
            "competencies": filters.competencies,
            "counts": counts,
            "competency": competency,
            "page": page,
            "days": filters.days,
            "standings": STANDINGS,
            "standing": filters.standing,
            "query": urlencode({**filters.query, **({"competency": competency.pk} if competency else {})}),
            "keep": urlencode(keep),
            "today": filters.today,
        },
    )


@role_required(Role.HR)
def certifications_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    filters = _Filters(request)
    competency = filters.competency()
    if competency is None:
        messages.info(request, _("There are no competencies yet."))
        return redirect("certifications")
    sheets = certification_sheets(
        competency=competency,
        people=filters.employees(competency),
        filters=filters.described(competency),
        today=filters.today,
    )
    from common.xlsx.render import write_workbook

    # Written by name into a file deleted when the response has streamed it (the handle keeps it readable).
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115  # closed by FileResponse
    write_workbook(handle.name, sheets)
    handle.seek(0)
    name = _("Certifications %(competency)s %(date)s.xlsx") % {
        "competency": competency.name,
        "date": f"{filters.today:%Y-%m-%d}",
    }
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _start(request: AuthenticatedHttpRequest, form: RefresherCohortForm, needs_of: Any) -> HttpResponse | None:
    """Create the cohort from a valid form; None when the form (or the service) refused."""
    if not form.is_valid():
        return None
    picked = list(form.cleaned_data["picked"])
    employees, needs = needs_of(picked)
    try:
        cohort = start_refresher_cohort(
            name=form.cleaned_data["name"],
            plan=form.cleaned_data["plan"],
            start_date=form.cleaned_data["start_date"],
            location=form.cleaned_data["location"],
            trainers=list(form.cleaned_data["trainers"]),
            employees=employees,
            needs=needs,
            by=request.user,
        )
    except (CareerError, EmployeeError, PlanError) as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(
        request,
        _("Refresher cohort %(name)s started with %(count)s members.") % {"name": cohort.name, "count": len(employees)},
    )
    return redirect("cohort_detail", pk=cohort.pk)


def _initial(competency: Competency | None = None) -> dict[str, Any]:
    plans = list(refresher_plans())
    plan = next((p for p in plans if competency is not None and p in competency.plans.all()), None)
    name = _("Refresher %(date)s") % {"date": f"{timezone.localdate():%Y-%m-%d}"}
    if competency is not None:
        name = f"{competency.name} · {name}"
    return {"name": name[:100], "plan": plan or (plans[0] if plans else None)}


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def refresher_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A refresher cohort for the people the certifications page's filter shows (its query string): all
    ticked, at most ``MAX_PICKED``; their expiry needs in the competency are linked to the enrollments."""
    filters = _Filters(request)
    competency = filters.competency()
    if competency is None:
        messages.info(request, _("There are no competencies yet."))
        return redirect("certifications")
    candidates = filters.employees(competency)
    shown = list(candidates.values_list("pk", flat=True)[:MAX_PICKED])
    picked_qs = Employee.objects.filter(pk__in=shown).order_by("employee_no")
    form = RefresherCohortForm(
        request.POST or None,
        plans=refresher_plans(),
        picked=picked_qs,
        picked_label=_("Employees"),
        initial={**_initial(competency), "picked": shown},
    )
    form.fields["picked"].label_from_instance = _employee_label  # type: ignore[attr-defined]
    if request.method == "POST":
        done = _start(request, form, lambda people: (people, open_needs_for(employees=people, competency=competency)))
        if done is not None:
            return done
    return render(
        request,
        "career/refresher_form.html",
        {
            "form": form,
            "competency": competency,
            "standing": STANDING_LABELS.get(filters.standing, ""),
            "total": candidates.count(),
            "limit": MAX_PICKED,
            "back": "certifications",
            "query": urlencode(filters.query),
        },
    )


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def refresher_needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The open refresher needs (not yet answered by a refresher enrollment), newest first; HR ticks some and
    starts a refresher cohort for their employees, which links the needs to the new enrollments."""
    filter_form = NeedFilterForm(request.GET or None)
    needs = open_needs().select_related("employee", "employee__mentor").order_by("-created_at", "-pk")
    if source := filter_form.value("source"):
        needs = needs.filter(source=source)
    if team := filter_form.value("team"):
        needs = needs.filter(employee__team=team)
    shown = list(needs.values_list("pk", flat=True)[:MAX_PICKED])
    picked_qs = RefresherNeed.objects.filter(pk__in=shown).select_related("employee").order_by("-created_at", "-pk")
    form = RefresherCohortForm(
        request.POST or None,
        plans=refresher_plans(),
        picked=picked_qs,
        picked_label=_("Refresher needs"),
        initial=_initial(),
    )
    form.fields["picked"].label_from_instance = _need_label  # type: ignore[attr-defined]

    def needs_of(picked: list[RefresherNeed]) -> tuple[list[Any], list[RefresherNeed]]:
        people = {n.employee_id: n.employee for n in picked}
        return list(people.values()), picked

    if request.method == "POST":
        done = _start(request, form, needs_of)
        if done is not None:
            return done
    return render(
        request,
        "career/refresher_needs.html",
        {"form": form, "filter_form": filter_form, "total": needs.count(), "limit": MAX_PICKED},
    )


def _need_label(need: RefresherNeed) -> str:
    return f"{need.employee.name}（{need.employee.employee_no}） · {need.get_source_display()} · {need.reason}"


def _employee_label(employee: Employee) -> str:
    parts = [f"{employee.name}（{employee.employee_no}）", employee.get_position_class_display(), employee.team]
    return " · ".join(p for p in parts if p)
