"""Writes of the KPI pages: an employee's CS accounts, the thresholds, and saving a checked export (which asks
for a refresher where a live employee's figures miss a threshold)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from career.models import NeedSource, RefresherNeed
from career.services import assign_refresher
from employees.models import Employee, Status

from .imports import KpiCheck
from .metrics import METRICS
from .models import CsAccount, KpiImport, KpiRecord, Platform, Threshold, account_key
from .selectors import all_thresholds, by_period, period_label, verdicts


class KpiError(Exception):
    """A KPI write was refused; the message says why, for the person who asked."""


# ---------------------------------------------------------------------------- accounts


@transaction.atomic
def replace_accounts(*, employee: Employee, accounts: Iterable[tuple[str, str]]) -> list[CsAccount]:
    """Make ``(platform, name)`` the employee's CS accounts: new ones added, missing ones removed, the rest kept
    (their imported figures stay with the employee). Refuses a name another employee holds on that platform."""
    wanted: dict[tuple[str, str], str] = {}
    for platform, name in accounts:
        if platform not in Platform.values or not name.strip():
            continue
        wanted.setdefault((platform, account_key(name)), name.strip())
    taken = (
        CsAccount.objects.filter(name_key__in={key for _p, key in wanted})
        .exclude(employee=employee)
        .select_related("employee")
    )
    clashes = [account for account in taken if (account.platform, account.name_key) in wanted]
    if clashes:
        raise KpiError(
            "；".join(
                _("“%(name)s” on %(platform)s already belongs to %(employee)s.")
                % {"name": a.name, "platform": a.get_platform_display(), "employee": a.employee}
                for a in clashes
            )
        )
    current = {(a.platform, a.name_key): a for a in employee.cs_accounts.all()}
    CsAccount.objects.filter(pk__in=[a.pk for key, a in current.items() if key not in wanted]).delete()
    kept = []
    try:
        for key, name in wanted.items():
            account = current.get(key)
            if account is None:
                account = CsAccount(employee=employee, platform=key[0], name=name)
                account.save()
            elif account.name != name:
                account.name = name
                account.save(update_fields=["name", "name_key"])
            kept.append(account)
    except IntegrityError as error:  # the same name added for someone else at the same moment
        raise KpiError(
            _("Another employee was given one of these accounts meanwhile. Check and save again.")
        ) from error
    return kept


# ---------------------------------------------------------------------------- thresholds


@transaction.atomic
def save_thresholds(*, values: dict[tuple[str, str], Decimal | None], by: User) -> int:
    """Set the thresholds of each (position class, metric) given; None removes one. Returns how many changed."""
    existing = {(t.position_class, t.metric): t for t in Threshold.objects.select_for_update()}
    changed = 0
    for (position_class, metric), value in values.items():
        threshold = existing.get((position_class, metric))
        if value is None:
            if threshold is not None:
                threshold.delete()
                changed += 1
        elif threshold is None:
            Threshold.objects.create(position_class=position_class, metric=metric, value=value, updated_by=by)
            changed += 1
        elif threshold.value != value:
            threshold.value, threshold.updated_by = value, by
            threshold.save(update_fields=["value", "updated_by", "updated_at"])
            changed += 1
    return changed


# ---------------------------------------------------------------------------- imports


@transaction.atomic
def import_kpis(*, check: KpiCheck, by: User) -> KpiImport:
    """Save a checked export: every row of a known account, or nothing.

    Exports settle late (赤兔's conversion rate is ready on T+4), so a row for an account and period already
    stored replaces the earlier one; the preview said which. Rows of unknown accounts are left out and listed on
    the import. Then every live employee whose figures for an imported period miss a threshold of their
    position class is asked for a refresher (``flag_below_threshold``), once per metric and period.
    """
    if not check.importable:
        raise KpiError(_("Nothing was imported: the file has problems, or no row matches an employee's account."))
    rows = check.matched
    kpi_import = KpiImport.objects.create(
        platform=check.platform,
        file_name=check.file_name[:255],
        period_start=check.period[0] if check.period else None,
        period_end=check.period[1] if check.period else None,
        imported_by=by,
        row_count=len(rows),
        replaced_count=check.replaced_count,
        unknown_accounts=[{"account": u.account, "rows": u.rows} for u in check.unknown],
        summary_rows=check.summary_rows,
        columns=check.columns,
    )
    periods = {row.period for row in rows if row.period}
    replaced = {(row.account_key, *row.period) for row in rows if row.period}
    stale = [
        pk
        for pk, key, start, end in KpiRecord.objects.filter(
            platform=check.platform, account_key__in={key for key, _start, _end in replaced}
        ).values_list("pk", "account_key", "period_start", "period_end")
        if (key, start, end) in replaced
    ]
    KpiRecord.objects.filter(pk__in=stale).delete()
    records = []
    for row in rows:
        assert row.account is not None and row.period is not None  # importable: matched, every row has a period
        records.append(
            KpiRecord(
                kpi_import=kpi_import,
                employee_id=row.account.employee_id,
                account=row.account,
                platform=check.platform,
                account_name=row.account_name,
                account_key=row.account_key,
                period_start=row.period[0],
                period_end=row.period[1],
                row_number=row.row,
                raw=row.raw,
                **row.values,
            )
        )
    try:
        with transaction.atomic():
            KpiRecord.objects.bulk_create(records, batch_size=500)
    except IntegrityError as error:
        raise KpiError(
            _("Another import saved figures for the same accounts and period meanwhile. Upload the file again.")
        ) from error
    flag_below_threshold(employee_ids={r.employee_id for r in records}, periods=periods, by=by)
    return kpi_import


def _reason(label: str, shown: str, threshold: str, period: str) -> str:
    return _("%(metric)s %(value)s (threshold %(threshold)s) in %(period)s") % {
        "metric": label,
        "value": shown,
        "threshold": threshold,
        "period": period,
    }


def flag_below_threshold(
    *, employee_ids: Iterable[int], periods: Iterable[tuple[date, date]], by: User | None
) -> list[RefresherNeed]:
    """Ask for a refresher for every live employee whose figures for one of ``periods`` miss a threshold.

    ``career.services.assign_refresher`` records a need once per employee, metric and period
    (``source_key`` ``kpi:<metric>:<from>:<to>``): importing the same period again asks nothing new. The figures
    are the employee's for the whole period, all accounts together, as the pages show them.
    """
    periods = set(periods)
    if not periods:
        return []
    thresholds = all_thresholds()
    if not thresholds:
        return []
    live = {e.pk: e for e in Employee.objects.filter(pk__in=set(employee_ids), status=Status.LIVE)}
    grouped: dict[int, list[KpiRecord]] = defaultdict(list)
    for record in KpiRecord.objects.filter(employee_id__in=live, period_end__in={end for _start, end in periods}):
        grouped[record.employee_id].append(record)
    needs = []
    # The reason is stored once and read by HR and the mentor alike: in the portal's language.
    with translation.override(settings.LANGUAGE_CODE):
        for employee_id, records in grouped.items():
            employee = live[employee_id]
            mine = {metric: value for (pc, metric), value in thresholds.items() if pc == employee.position_class}
            for figures in by_period(records):
                if figures.period not in periods:
                    continue
                for verdict in verdicts(figures, {m: mine[m] for m in METRICS if m in mine}):
                    if verdict.met is not False:
                        continue
                    need, _created = assign_refresher(
                        employee=employee,
                        source=NeedSource.KPI,
                        source_key=f"kpi:{verdict.info.metric.value}:{figures.start}:{figures.end}",
                        reason=_reason(
                            verdict.info.label,
                            verdict.shown_value,
                            verdict.shown_threshold,
                            period_label(figures.start, figures.end),
                        ),
                        by=by,
                    )
                    needs.append(need)
    return needs
