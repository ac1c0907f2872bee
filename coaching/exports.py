"""The rewards-and-penalties export: one sheet of every proposal in a period (approved, pending and
rejected, so that the file shows what HR decided), and one of approved totals per employee. Written by the
shared write-only renderer, which neutralises text a spreadsheet would run as a formula."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.xlsx.render import DATETIME, DEC2, INT, Column, Sheet, info_sheet, write_workbook
from employees.audit import person

from .models import Decision, RewardKind, RewardPenalty


def export_rows(items: QuerySet[RewardPenalty]) -> Iterator[list[Any]]:
    kinds, decisions = dict(RewardKind.choices), dict(Decision.choices)
    for item in items.select_related("employee", "proposed_by__employee", "decided_by__employee").order_by(
        "proposed_at", "pk"
    ):
        yield [
            item.employee.employee_no,
            item.employee.name,
            item.employee.team,
            str(kinds[item.kind]),
            item.points,
            item.amount,
            item.reason,
            item.evidence_text,
            (item.evidence_file.name or "").rsplit("/", 1)[-1],
            person(item.proposed_by),
            item.proposed_at,
            str(decisions[item.status]),
            person(item.decided_by) if item.decided_by_id else "",
            item.decided_at,
            item.decision_note,
        ]


def totals_rows(items: QuerySet[RewardPenalty]) -> list[list[Any]]:
    """Approved points and yuan per employee: rewards, penalties and the balance."""
    sums: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"rp": 0, "ra": Decimal(0), "pp": 0, "pa": Decimal(0), "n": 0, "who": ("", "")}
    )
    for item in items.filter(status=Decision.APPROVED).select_related("employee"):
        row = sums[item.employee_id]
        row["who"] = (item.employee.employee_no, item.employee.name)
        row["n"] += 1
        prefix = "r" if item.kind == RewardKind.REWARD else "p"
        row[prefix + "p"] += item.points or 0
        row[prefix + "a"] += item.amount or Decimal(0)
    rows = []
    for row in sorted(sums.values(), key=lambda r: r["who"]):
        rows.append([*row["who"], row["n"], row["rp"], row["pp"], row["rp"] - row["pp"], row["ra"], row["pa"]])
    return rows


def write_rewards_export(path: Path | str, items: QuerySet[RewardPenalty], *, since: date, until: date) -> None:
    columns = [
        Column(_("Employee number"), width=12),
        Column(_("Name"), width=10),
        Column(_("Team / shop"), width=14),
        Column(_("Type"), width=8),
        Column(_("Points"), INT),
        Column(_("Amount (¥)"), DEC2),
        Column(_("Reason"), width=40),
        Column(_("Evidence"), width=40),
        Column(_("Evidence file"), width=20),
        Column(_("Proposed by"), width=10),
        Column(_("Proposed at"), DATETIME),
        Column(_("Decision"), width=10),
        Column(_("Approved by"), width=10),
        Column(_("Decided at"), DATETIME),
        Column(_("Decision note"), width=30),
    ]
    totals = totals_rows(items)
    total_columns = [
        Column(_("Employee number"), width=12),
        Column(_("Name"), width=10),
        Column(_("Approved"), INT),
        Column(_("Reward points"), INT),
        Column(_("Penalty points"), INT),
        Column(_("Balance of points"), INT),
        Column(_("Rewards (¥)"), DEC2),
        Column(_("Penalties (¥)"), DEC2),
    ]
    write_workbook(
        path,
        [
            Sheet(_("Rewards and penalties"), columns, export_rows(items), total=items.count(), frozen_columns=2),
            Sheet(_("Approved totals"), total_columns, totals, total=len(totals), frozen_columns=2),
            info_sheet(_("About"), [(_("From"), since), (_("Until"), until)]),
        ],
    )
