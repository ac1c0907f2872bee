"""Shared helpers of the quality tests: the default sheet's items by code, and a check scored in one call."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.utils import timezone

from employees.models import Employee
from quality.models import Item, QualityCheck, ScoreSheet
from quality.services import CheckInput, HitInput, score_check
from quality.sheets import DEFAULT_CODE


def default_sheet() -> ScoreSheet:
    return ScoreSheet.objects.get(code=DEFAULT_CODE, is_active=True)


def item(code: str, sheet: ScoreSheet | None = None) -> Item:
    return Item.objects.get(category__sheet=sheet or default_sheet(), code=code)


def check(
    employee: Employee,
    by: User,
    *codes: str,
    on: date | None = None,
    sheet: ScoreSheet | None = None,
    notes: dict[str, str] | None = None,
) -> QualityCheck:
    """A check of ``employee`` by ``by`` hitting the items ``codes`` of the default sheet (today's chat)."""
    sheet = sheet or default_sheet()
    notes = notes or {}
    data = CheckInput(
        chat_date=on or timezone.localdate(),
        platform="taobao",
        session_ref="TB20261116-0001",
        excerpt="顾客：在吗？\n客服：亲，在的～",
        hits=[HitInput(item_id=item(code, sheet).pk, note=notes.get(code, "")) for code in codes],
    )
    return score_check(employee=employee, sheet=sheet, data=data, by=by)


def form_data(*codes: str, sheet: ScoreSheet | None = None, **fields: str) -> dict[str, str]:
    """What the new-check form posts: the chat fields and a ticked box per item code."""
    data = {
        "chat_date": timezone.localdate().isoformat(),
        "platform": "jd",
        "session_ref": "JD-88001",
        "excerpt": "顾客：什么时候发货？\n客服：不知道。",
        "comment": "",
    }
    data.update(fields)
    for code in codes:
        data[f"hit_{item(code, sheet).pk}"] = "on"
    return data
