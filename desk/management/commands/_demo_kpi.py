"""KPI demo data: CS accounts for the people at work (旺旺 sub-accounts on the Tmall shop, 飞鸽 accounts on the
Douyin shop), thresholds per position class, and weekly performance exports imported through the real import
(a 赤兔 workbook with a title row, a 合计 row and one account nobody holds; a 飞鸽 CSV in GBK) from the week the
September cohort's trial post began to last week, so the trend charts and the go-live evidence show."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from openpyxl import Workbook

from employees.models import Employee, PositionClass, Status, StatusChange
from kpi.imports import read_kpis
from kpi.models import CsAccount, KpiImport, Platform, Threshold
from kpi.services import import_kpis

THRESHOLDS = {
    PositionClass.PRE_SALE: {"conversion_rate": "50", "avg_response_s": "45", "first_response_s": "25"},
    PositionClass.IN_SALE: {"avg_response_s": "45", "satisfaction": "92"},
    PositionClass.AFTER_SALE: {"avg_response_s": "50", "satisfaction": "90"},
}
CHITU = ["旺旺", "接待人数", "询单人数", "询单->最终付款成功率", "平均响应(秒)", "首次响应(秒)", "客户满意比", "答问比"]
FEIGE = ["客服账号", "已接待人数", "全天平响时长", "全天首响时长", "全天满意率", "询单转化率"]


def _duration(seconds: int, rng: random.Random) -> str:
    """As 飞鸽 writes it, one way or another."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}分{rest:02d}秒" if rng.random() < 0.5 else f"00:{minutes:02d}:{rest:02d}"


def _figures(skill: float, week: int, rng: random.Random) -> dict[str, Any]:
    """A person's week: better with skill and a little with every week on the job, with noise."""
    growth = min(week, 8) * 0.012
    return {
        "received": rng.randint(80, 300),
        "conversion": max(0.2, min(0.9, 0.40 + skill * 0.3 + growth + rng.uniform(-0.06, 0.06))),
        "avg": max(8, int(48 - skill * 25 - growth * 80 + rng.randint(-6, 6))),
        "first": max(3, int(24 - skill * 12 - growth * 40 + rng.randint(-3, 3))),
        "satisfaction": max(0.85, min(0.999, 0.90 + skill * 0.07 + rng.uniform(-0.02, 0.02))),
    }


def _workbook(rows: list[list[Any]], start: date, end: date) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客服绩效")
    sheet.append(["赤兔·客服绩效（周）", f"统计时间：{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"])
    sheet.append(CHITU)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _import(data: bytes, name: str, platform: str, end: date, hr: User, period: tuple[date, date] | None) -> None:
    check = read_kpis(BytesIO(data), name=name, platform=platform, period=period)
    kpi_import = import_kpis(check=check, by=hr)
    at = timezone.make_aware(datetime.combine(end + timedelta(days=3), time(10, 0)))
    KpiImport.objects.filter(pk=kpi_import.pk).update(imported_at=at)


def load(*, hr: User) -> None:
    rng = random.Random(20261102)
    today = timezone.localdate()
    people = list(Employee.objects.filter(status__in=[Status.LIVE, Status.TRIAL_POST]).order_by("employee_no"))
    on_post = dict(
        StatusChange.objects.filter(to_status=Status.TRIAL_POST, employee__in=people).values_list(
            "employee_id", "changed_at"
        )
    )
    accounts = []
    for person in people:
        if person.team == "抖音小店":
            accounts.append(CsAccount(employee=person, platform=Platform.DOUYIN, name=f"抖音小店-{person.name}"))
        else:
            accounts.append(CsAccount(employee=person, platform=Platform.TAOBAO, name=f"天猫旗舰店:{person.name}"))
    for account in accounts:
        account.save()
    for position_class, values in THRESHOLDS.items():
        for metric, value in values.items():
            Threshold.objects.create(position_class=position_class, metric=metric, value=Decimal(value), updated_by=hr)

    # Weekly, Monday to Sunday: from the week the first trial post began (or six weeks back) to last week.
    last_monday = today - timedelta(days=today.weekday() + 7)
    first = min([timezone.localdate(at) for at in on_post.values()] + [last_monday - timedelta(weeks=5)])
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last_monday:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    weeks = weeks[-10:]
    # Most do well; the first two of each shop are still finding their feet.
    skill = {p.pk: rng.uniform(0.0, 0.2) if i % 9 == 0 else rng.uniform(0.5, 1.0) for i, p in enumerate(people)}
    for number, start in enumerate(weeks):
        end = start + timedelta(days=6)
        working = [
            a for a in accounts if a.employee.pk not in on_post or timezone.localdate(on_post[a.employee.pk]) <= end
        ]
        tmall, douyin = [], []
        for account in working:
            f = _figures(skill[account.employee.pk], number, rng)
            if account.platform == Platform.TAOBAO:
                tmall.append(
                    [
                        account.name,
                        f["received"],
                        int(f["received"] * 0.4),
                        f"{f['conversion'] * 100:.1f}%",
                        f["avg"],
                        f["first"],
                        round(f["satisfaction"], 3),
                        round(rng.uniform(0.9, 1.6), 2),
                    ]
                )
            else:
                douyin.append(
                    [
                        account.name,
                        f["received"],
                        _duration(f["avg"], rng),
                        _duration(f["first"], rng),
                        f"{f['satisfaction'] * 100:.1f}%" if rng.random() > 0.1 else "--",
                        f"{f['conversion'] * 100:.1f}%",
                    ]
                )
        if tmall:
            tmall.append(["天猫旗舰店:临时客服01", 40, 12, "35.0%", 52, 20, 0.91, 1.0])
            tmall.append(["合计", sum(r[1] for r in tmall), "", "", "", "", "", ""])
            _import(_workbook(tmall, start, end), f"赤兔客服绩效_{start:%m%d}.xlsx", Platform.TAOBAO, end, hr, None)
        if douyin:
            lines = [",".join(FEIGE)] + [",".join(str(v) for v in row) for row in douyin]
            lines.append("店铺汇总值," + ",".join("" for _ in FEIGE[1:]))
            data = ("\r\n".join(lines) + "\r\n").encode("gbk")
            _import(data, f"飞鸽客服数据_{start:%Y%m%d}-{end:%Y%m%d}.csv", Platform.DOUYIN, end, hr, None)
