"""The KPI import as HR clicks through it on a phone (375 px): a 赤兔 export with a title row, Chinese headers,
percent strings, durations and a 合计 row is previewed, confirmed, and its figures show on the go-live page of
a trainee on the trial post, measured against the thresholds of her position class."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from employees.models import PositionClass, Status, StatusChange
from kpi.models import CsAccount, KpiRecord, Platform, Threshold
from tests.browser.conftest import log_in
from tests.kpi.kpi_files import chitu_week
from training.services import change_status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHANGHAI = ZoneInfo("Asia/Shanghai")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_hr_imports_a_kpi_file_and_sees_it_on_the_go_live_page(live_server, world, page: Page, shoot):
    trainee = world.trainee
    trainee.position_class = PositionClass.PRE_SALE
    trainee.save()
    change = change_status(
        employee=trainee, to_status=Status.TRIAL_POST, reason="过关考试通过", by=world.hr, override=True
    )
    # On the trial post since the Friday before the exported week.
    StatusChange.objects.filter(pk=change.pk).update(changed_at=datetime(2026, 10, 30, 18, tzinfo=SHANGHAI))
    CsAccount.objects.create(employee=trainee, platform=Platform.TAOBAO, name="天猫旗舰店:小花")
    Threshold.objects.create(position_class=PositionClass.PRE_SALE, metric="conversion_rate", value=Decimal(80))
    Threshold.objects.create(position_class=PositionClass.PRE_SALE, metric="avg_response_s", value=Decimal(60))
    enrollment = world.enrollment

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}{reverse('kpi_import_upload')}")
    page.select_option("#id_platform", "taobao")
    page.set_input_files(
        "form.kpi-upload input[type=file]",
        files=[{"name": "赤兔客服绩效.xlsx", "mimeType": XLSX, "buffer": chitu_week()}],
    )
    page.locator("form.kpi-upload button[type=submit]").click()

    # The preview: 小花's row matched to her, two accounts nobody holds listed, nothing saved yet.
    expect(page.locator("#row-3")).to_contain_text("张小花")
    expect(page.locator(".kpi-unknown")).to_contain_text("天猫旗舰店:阿强")
    expect(page.locator(".kpi-rows")).not_to_contain_text("合计")
    shoot(page, "kpi-preview-375-zh")
    assert not KpiRecord.objects.exists()
    page.locator("form[action*='/kpi/imports/confirm/'] button[type=submit]").click()

    expect(page.locator(".kpi-records")).to_contain_text("85.3%")
    shoot(page, "kpi-import-375-zh")
    assert KpiRecord.objects.get(employee=trainee).avg_response_s == Decimal("80.0")

    page.goto(f"{live_server.url}{reverse('go_live', kwargs={'pk': enrollment.pk})}")
    section = page.locator("[data-section='kpi/_go_live_section.html']")
    expect(section).to_contain_text("2026年11月2日")
    met = section.locator(".kpi-verdict.met")
    unmet = section.locator(".kpi-verdict.unmet")
    expect(met).to_contain_text("85.3%")  # 询单转化率 ≥ 80 %
    expect(unmet).to_contain_text("80 秒")  # 平均响应 1分20秒 > 60 s
    expect(section.locator(".badge.text-bg-danger")).to_be_visible()  # the block as a whole: not met
    section.scroll_into_view_if_needed()
    shoot(page, "kpi-go-live-375-zh")

    # The next week's export, without a title row: HR chooses its dates. HR's employee page then draws the trend
    # (under the CSP: no inline script), one chart per metric with a threshold.
    later = chitu_week(title=False)
    page.goto(f"{live_server.url}{reverse('kpi_import_upload')}")
    page.fill("#id_period_start", "2026-11-09")
    page.fill("#id_period_end", "2026-11-15")
    page.set_input_files(
        "form.kpi-upload input[type=file]", files=[{"name": "赤兔客服绩效2.xlsx", "mimeType": XLSX, "buffer": later}]
    )
    page.locator("form.kpi-upload button[type=submit]").click()
    page.locator("form[action*='/kpi/imports/confirm/'] button[type=submit]").click()
    expect(page.locator(".kpi-records")).to_contain_text("85.3%")
    page.goto(f"{live_server.url}{reverse('employee_detail', kwargs={'pk': trainee.pk})}")
    charts = page.locator(".kpi-chart-box canvas")
    expect(charts).to_have_count(2)
    expect(charts.first).to_be_visible()
    shoot(page, "kpi-employee-375-zh")
