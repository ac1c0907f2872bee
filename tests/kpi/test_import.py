"""The KPI import (Done when): a file with Chinese headers, percent strings, durations and a summary row
imports; a broken one is refused and nothing is saved; unknown accounts are listed; a re-import replaces;
a live employee below a threshold is asked for a refresher once per metric and period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation

from career.models import NeedSource, RefresherNeed
from employees.models import PositionClass
from kpi.imports import read_kpis
from kpi.models import KpiImport, KpiRecord, Platform, Threshold
from kpi.services import KpiError, import_kpis
from tests.kpi.kpi_files import HEADERS, WEEK, chitu_rows, chitu_week, csv_bytes, with_accounts
from tests.spreadsheets import one_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the portal's default language is Chinese)."""
    with translation.override("en"):
        yield


def check_of(data: bytes, name: str = "赤兔客服绩效.xlsx", **options):
    options.setdefault("platform", Platform.TAOBAO)
    return read_kpis(BytesIO(data), name=name, **options)


def test_a_chitu_export_with_chinese_headers_percentages_durations_and_a_summary_row_imports(world):
    xiaohua, aqiang = with_accounts()
    check = check_of(chitu_week())
    assert check.ok, check.problems
    assert check.period == WEEK  # from the title row
    assert check.summary_rows == [6]  # row 1 the title, row 2 the header, rows 3–5 staff, row 6 合计
    kpi_import = import_kpis(check=check, by=world.hr)

    flower = KpiRecord.objects.get(employee=xiaohua)
    assert (flower.period_start, flower.period_end) == WEEK
    assert flower.conversion_rate == Decimal("85.30")
    assert flower.avg_response_s == Decimal("80.0")  # 1分20秒
    assert flower.first_response_s == Decimal("15.0")  # 15s
    assert flower.satisfaction == Decimal("95.30")  # 0.953
    assert flower.received == 320
    strong = KpiRecord.objects.get(employee=aqiang)  # matched through the full-width colon of its account
    assert strong.conversion_rate == Decimal("61.20")  # 0.612 as a number
    assert strong.received == 1020  # "1,020"
    assert strong.first_response_s == Decimal("30.0")  # 00:00:30
    assert strong.satisfaction is None  # "--"
    # The raw row is kept, columns the portal does not read included.
    assert flower.raw["答问比"] == "1.2"
    assert flower.raw["询单->最终付款成功率修"] == "86.0%"
    # 路人 is nobody's account: listed, not imported; the 合计 row is left out.
    assert kpi_import.unknown_accounts == [{"account": "天猫旗舰店:路人", "rows": [5]}]
    assert kpi_import.row_count == 2
    assert kpi_import.columns["conversion_rate"] == "询单->最终付款成功率"
    assert KpiRecord.objects.count() == 2


@pytest.mark.parametrize(
    ("rows", "row", "column", "words"),
    [
        ([["天猫旗舰店:小花", 320, 120, "85.3%", "", "很慢", "15s", "95%", ""]], 3, "平均响应(秒)", "not a duration"),
        ([["天猫旗舰店:小花", 320, 120, "185%", "", "80", "15s", "95%", ""]], 3, "询单->最终付款成功率", "100%"),
        ([["天猫旗舰店:小花", "三百", 120, "85%", "", "80", "15s", "95%", ""]], 3, "接待人数", "not a number"),
        ([["", 320, 120, "85%", "", "80", "15s", "95%", ""]], 3, "旺旺", "no account name"),
    ],
)
def test_a_broken_row_is_refused_by_row_and_column_and_nothing_is_saved(world, rows, row, column, words):
    with_accounts()
    good = ["天猫旗舰店:阿强", 10, 5, "50%", "", "30", "10", "90%", ""]
    check = check_of(chitu_week([*rows, good]))
    assert not check.ok
    problem = check.problems[0]
    assert (problem.row, problem.column) == (row, column)
    assert words in problem.message
    with pytest.raises(KpiError):
        import_kpis(check=check, by=world.hr)
    assert not KpiImport.objects.exists()
    assert not KpiRecord.objects.exists()


def test_a_file_without_an_account_column_is_refused(world):
    data = one_sheet([["小花", "85%"]], ["姓名", "询单转化率"], "Sheet1")
    check = check_of(data)
    assert not check.ok and not check.rows
    assert "旺旺" in check.problems[0].message
    assert check.problems[0].row is None


def test_a_file_that_is_not_a_spreadsheet_is_refused(world):
    check = check_of(b"GIF89a not a workbook", name="绩效.xlsx")
    assert not check.ok and check.problems[0].row is None


def test_a_gbk_csv_with_a_date_column_reads_a_period_per_row(world):
    xiaohua, _aqiang = with_accounts()
    headers = ["日期", "旺旺", "询单转化率", "平均响应时间", "满意度"]
    rows = [
        ["2026-11-02", "天猫旗舰店:小花", "80%", "1分5秒", "96%"],
        ["2026-11-03", "天猫旗舰店:小花", "82%", "50秒", "97%"],
        ["平均", "", "81%", "57", "96.5%"],
    ]
    check = check_of(csv_bytes(rows, headers=headers, encoding="gbk"), name="绩效.csv")
    assert check.ok, check.problems
    assert [r.period for r in check.rows] == [(date(2026, 11, 2),) * 2, (date(2026, 11, 3),) * 2]
    import_kpis(check=check, by=world.hr)
    assert KpiRecord.objects.filter(employee=xiaohua).count() == 2


def test_without_a_period_the_file_is_refused_until_hr_chooses_one(world):
    with_accounts()
    data = chitu_week(title=False)
    assert "choose the dates" in check_of(data).problems[0].message
    check = check_of(data, period=(date(2026, 11, 9), date(2026, 11, 15)))
    assert check.ok and check.period == (date(2026, 11, 9), date(2026, 11, 15))


def test_the_period_may_come_from_the_file_name(world):
    with_accounts()
    check = check_of(chitu_week(title=False), name="客服绩效_20261102-20261108.xlsx")
    assert check.ok and check.period == WEEK


def test_the_same_account_twice_for_one_period_is_a_problem(world):
    with_accounts()
    rows = chitu_rows()[:1] * 2
    check = check_of(chitu_week(rows))
    assert [p.row for p in check.problems] == [4]


def test_importing_the_same_period_again_replaces_the_figures(world):
    xiaohua, _aqiang = with_accounts()
    import_kpis(check=check_of(chitu_week()), by=world.hr)
    later = chitu_rows()
    later[0][3] = "88.0%"  # the conversion rate settled (T+4)
    check = check_of(chitu_week(later))
    assert check.replaced_count == 2
    second = import_kpis(check=check, by=world.hr)
    assert second.replaced_count == 2
    assert KpiRecord.objects.filter(employee=xiaohua).get().conversion_rate == Decimal("88.00")
    assert KpiRecord.objects.count() == 2


def test_an_unknown_platform_account_matches_nobody(world):
    with_accounts()
    check = check_of(chitu_week(), platform=Platform.DOUYIN)
    assert check.ok and not check.importable
    assert len(check.unknown) == 3


def threshold(metric: str, value: str) -> Threshold:
    return Threshold.objects.create(position_class=PositionClass.PRE_SALE, metric=metric, value=Decimal(value))


def test_a_live_employee_below_a_threshold_is_asked_for_a_refresher_once(world):
    xiaohua, aqiang = with_accounts()
    threshold("conversion_rate", "70")  # 小花 85.3 meets it, 阿强 61.2 misses it
    threshold("avg_response_s", "60")  # 小花 80 s misses it, 阿强 45 s meets it
    import_kpis(check=check_of(chitu_week()), by=world.hr)
    needs = RefresherNeed.objects.filter(source=NeedSource.KPI)
    assert sorted(needs.values_list("employee__name", "source_key")) == [
        ("李小花", "kpi:avg_response_s:2026-11-02:2026-11-08"),
        ("王阿强", "kpi:conversion_rate:2026-11-02:2026-11-08"),
    ]
    assert "61.2%" in needs.get(employee=aqiang).reason
    # The same file again (or a corrected one still below): no second need.
    import_kpis(check=check_of(chitu_week()), by=world.hr)
    assert needs.count() == 2


def test_an_employee_on_the_trial_post_is_not_sent_to_a_refresher(world):
    with_accounts(live=False)
    threshold("conversion_rate", "99")
    import_kpis(check=check_of(chitu_week()), by=world.hr)
    assert not RefresherNeed.objects.exists()


def test_headers_are_found_below_title_rows_and_in_any_order(world):
    xiaohua, _aqiang = with_accounts()
    headers = ["满意度", "客服账号", "全天平响时长", "询单转化率"]
    data = one_sheet(
        [["", "", "", ""], headers, ["98%", "天猫旗舰店:小花", "00:01:20", "0.7"]], ["飞鸽客服数据"], "数据"
    )
    check = check_of(data, period=WEEK)
    assert check.ok, check.problems
    assert check.rows[0].values["avg_response_s"] == Decimal("80.0")
    assert HEADERS  # the shared header list stays importable
