"""Scoring chats and what follows from a score: the refreshers that red lines and repeated misses ask for.

Triggers (``career.services.assign_refresher`` with ``NeedSource.QUALITY``):

* a red line in a check asks once per check (``qc-red-line:<check id>``), however often the check is saved;
* the same deduction item (by its ``code``, the same in every version of the sheet) hit in two checks of one
  employee whose chat dates lie within 7 days of each other (at most 6 days apart) asks once per run of such
  checks: the key names the item and the first check of the run (``qc-repeat:<item code>:<check id>``), so a
  third miss in the same week, or saving a check again, asks nothing new, while a miss weeks later does.

``assign_refresher`` tells the mentor (its signal, after the commit). A need stays when a check is changed
afterwards (a red line taken back): HR closes it in the career pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from career.models import NeedSource, RefresherNeed
from career.services import assign_refresher
from common.dates import in_range
from employees.models import Employee

from .models import CheckHit, Item, Platform, QualityCheck, ScoreSheet
from .scoring import Hit, compute

# Two misses of one item count as repeated when their chats were at most this many days apart (7 days in all).
REPEAT_SPAN_DAYS = 6
EXCERPT_MAX = 10_000


class QualityError(Exception):
    """A check the service refuses, with a message for the checker."""


@dataclass(frozen=True)
class HitInput:
    item_id: int
    note: str = ""


@dataclass(frozen=True)
class CheckInput:
    chat_date: date
    platform: str
    excerpt: str
    session_ref: str = ""
    comment: str = ""
    hits: Sequence[HitInput] = ()


def red_line_key(check: QualityCheck) -> str:
    return f"qc-red-line:{check.pk}"


def repeat_key(item_code: str, first_check_id: int) -> str:
    return f"qc-repeat:{item_code}:{first_check_id}"


def _items_of(sheet: ScoreSheet) -> dict[int, Item]:
    return {item.pk: item for item in Item.objects.filter(category__sheet=sheet).select_related("category")}


def _validate(*, employee: Employee, sheet: ScoreSheet, data: CheckInput) -> list[tuple[Item, str]]:
    """Everything checked before anything is written; the chosen items with their notes."""
    problems: list[str] = []
    today = timezone.localdate()
    if not in_range(data.chat_date) or data.chat_date > today:
        problems.append(_("The chat date cannot be in the future."))
    if data.platform not in Platform.values:
        problems.append(_("Choose the platform the chat took place on."))
    if not data.excerpt.strip():
        problems.append(_("Paste the part of the chat you scored."))
    elif len(data.excerpt) > EXCERPT_MAX:
        problems.append(_("The excerpt is too long (at most %(max)s characters).") % {"max": EXCERPT_MAX})
    items = _items_of(sheet)
    chosen: list[tuple[Item, str]] = []
    seen: set[int] = set()
    for hit in data.hits:
        item = items.get(hit.item_id)
        if item is None:
            problems.append(_("“%(id)s” is not an item of this score sheet.") % {"id": hit.item_id})
        elif hit.item_id in seen:
            problems.append(_("“%(item)s” was chosen twice.") % {"item": item.title})
        elif not item.category.applies_to(employee.position_class):
            problems.append(
                _("“%(item)s” does not count for %(position)s staff.")
                % {"item": item.title, "position": employee.get_position_class_display()}
            )
        else:
            seen.add(hit.item_id)
            chosen.append((item, hit.note.strip()[:500]))
    if problems:
        raise QualityError(" ".join(problems))
    return chosen


def _summary(chosen: Sequence[tuple[Item, str]]) -> str:
    parts = []
    for item, _note in chosen:
        if item.is_red_line:
            parts.append(f"{item.title} {_('red line')}")
        else:
            parts.append(f"{item.title} {item.points:+d}")
    return "; ".join(parts)[:2000]


def _write(*, check: QualityCheck, sheet: ScoreSheet, data: CheckInput, by: User) -> QualityCheck:
    chosen = _validate(employee=check.employee, sheet=sheet, data=data)
    categories = list(sheet.categories.all())
    result = compute(
        categories=categories,
        position_class=check.employee.position_class,
        hits=[Hit.of(item) for item, _note in chosen],
        total_points=sheet.total_points,
        pass_mark=sheet.pass_mark,
    )
    check.chat_date = data.chat_date
    check.platform = data.platform
    check.session_ref = data.session_ref.strip()[:100]
    check.excerpt = data.excerpt
    check.comment = data.comment.strip()
    check.total, check.red_line, check.passed = result.total, result.red_line, result.passed
    with translation.override(settings.LANGUAGE_CODE):  # stored text, read by everyone
        check.items_hit = _summary(chosen)
    check._history_user = by  # type: ignore[attr-defined]  # the audit trail's author without a request
    check.save()
    check.hits.all().delete()
    CheckHit.objects.bulk_create(
        CheckHit(quality_check=check, item=item, points=item.points, red_line=item.is_red_line, note=note)
        for item, note in chosen
    )
    ask_for_refreshers(check=check, by=by)
    return check


@transaction.atomic
def score_check(*, employee: Employee, sheet: ScoreSheet, data: CheckInput, by: User) -> QualityCheck:
    """Score one chat of ``employee`` against an active sheet; the total is computed here, and a red line or a
    repeated miss asks for a refresher. Raises QualityError with every problem named, saving nothing."""
    if not sheet.is_active:
        raise QualityError(_("The score sheet “%(sheet)s” is no longer in use.") % {"sheet": sheet})
    if employee.is_finished:
        raise QualityError(
            _("%(name)s is %(status)s: their chats are no longer checked.")
            % {"name": employee.name, "status": employee.get_status_display()}
        )
    check = QualityCheck(employee=employee, sheet=sheet, checker=by)
    return _write(check=check, sheet=sheet, data=data, by=by)


@transaction.atomic
def rescore_check(*, check: QualityCheck, data: CheckInput, by: User) -> QualityCheck:
    """Change a check (a correction or a dispute): scored again against the sheet it was scored with, which
    stays frozen. Asks for no refresher it already asked for."""
    locked = QualityCheck.objects.select_for_update().select_related("employee", "sheet").get(pk=check.pk)
    return _write(check=locked, sheet=locked.sheet, data=data, by=by)


def ask_for_refreshers(*, check: QualityCheck, by: User | None) -> list[RefresherNeed]:
    """The refreshers this check asks for (idempotent: ``assign_refresher`` records each key once)."""
    needs: list[RefresherNeed] = []
    hits = list(check.hits.select_related("item"))
    employee = check.employee
    with translation.override(settings.LANGUAGE_CODE):  # the reason is stored text
        red = [hit.item.title for hit in hits if hit.red_line]
        if red:
            reason = _("Red line in the quality check of %(date)s: %(items)s") % {
                "date": check.chat_date.isoformat(),
                "items": "、".join(red),
            }
            need, _created = assign_refresher(
                employee=employee, source=NeedSource.QUALITY, reason=reason, source_key=red_line_key(check), by=by
            )
            needs.append(need)
        for code, (item, first_id, dates) in _repeats(check, hits).items():
            reason = _("“%(item)s” missed twice within 7 days: %(dates)s") % {
                "item": item.title,
                "dates": ", ".join(day.isoformat() for day in sorted(dates)),
            }
            if item.refresher_topic:
                reason += " · " + _("go over: %(topic)s") % {"topic": item.refresher_topic}
            need, _created = assign_refresher(
                employee=employee,
                source=NeedSource.QUALITY,
                reason=reason,
                source_key=repeat_key(code, first_id),
                by=by,
            )
            needs.append(need)
    return needs


def _repeats(check: QualityCheck, hits: Sequence[CheckHit]) -> dict[str, tuple[Item, int, set[date]]]:
    """Deduction items of this check also missed in another check of the employee within the span: item code →
    (the item, the first check's id of the run, the chat dates). One query."""
    missed = {hit.item.code: hit.item for hit in hits if hit.points < 0 and not hit.red_line}
    if not missed:
        return {}
    span = timedelta(days=REPEAT_SPAN_DAYS)
    rows = CheckHit.objects.filter(
        quality_check__employee_id=check.employee_id,
        item__code__in=list(missed),
        points__lt=0,
        red_line=False,
        quality_check__chat_date__range=(check.chat_date - span, check.chat_date + span),
    ).values_list("item__code", "quality_check_id", "quality_check__chat_date")
    runs: dict[str, dict[int, date]] = defaultdict(dict)
    for code, check_id, day in rows:
        runs[code][check_id] = day
    return {
        code: (missed[code], min(found), set(found.values()))
        for code, found in runs.items()
        if len(found) >= 2 and check.pk in found
    }


def refreshers_of(check: QualityCheck) -> list[RefresherNeed]:
    """The refresher needs this check asked for or took part in (two queries)."""
    hits = list(check.hits.select_related("item"))
    keys = [red_line_key(check)] + [repeat_key(code, first) for code, (_i, first, _d) in _repeats(check, hits).items()]
    return list(
        RefresherNeed.objects.filter(employee_id=check.employee_id, source=NeedSource.QUALITY, source_key__in=keys)
    )
