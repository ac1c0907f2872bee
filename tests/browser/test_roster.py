"""The roster import as HR clicks through it in Chromium: a file with a bad row is flagged in the preview,
the corrected file is confirmed, and the hires are on the cohort page. And the progress bar of a background
import, which polls the status URL and shows the result when the worker is done."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from employees.models import Employee
from tests.browser.conftest import log_in
from tests.training.roster_files import xlsx as roster
from training.models import ImportStatus, RosterImport
from training.roster import XLSX_CONTENT_TYPE as XLSX

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def choose_and_check(page: Page, data: bytes, name: str) -> None:
    page.set_input_files(
        "form.roster-upload input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    page.locator("form.roster-upload button[type=submit]").click()


def test_hr_fixes_a_flagged_row_confirms_and_sees_the_hires_on_the_cohort_page(live_server, world, page: Page, shoot):
    mentor = world.mentor.employee_no
    good = [
        ["K2611101", "孙一", "售前", "新员工", "13800138001", "sun1@example.com", "2026-11-16", "旗舰店", mentor, None],
        ["K2611102", "孙二", "after-sale", None, "13800138002", None, "2026/11/16", "旗舰店", None, None],
    ]
    bad = ["K2611103", "孙三", "售后", None, "12345", None, "2026年11月16日", None, None, None]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}{reverse('roster_upload', kwargs={'pk': world.cohort.pk})}")
    expect(page.locator("a[href$='template.xlsx']")).to_be_visible()

    choose_and_check(page, roster([*good, bad]), "花名册.xlsx")
    problems = page.locator(".roster-problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first.locator("td").nth(0)).to_have_text("4")
    expect(problems.first.locator("td").nth(1)).to_have_text("手机号")
    expect(page.locator("#row-4")).to_have_class("table-danger")
    expect(page.locator("#row-2")).not_to_have_class("table-danger")
    expect(page.locator("[data-confirm]")).to_have_count(0)  # a file with problems cannot be confirmed
    shoot(page, "roster-preview-problem-1280-zh")
    page.set_viewport_size({"width": 375, "height": 812})
    shoot(page, "roster-preview-problem-375-zh")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not Employee.objects.filter(employee_no__startswith="K26111").exists()

    bad[4] = "13800138003"
    choose_and_check(page, roster([*good, bad]), "花名册-改.xlsx")
    expect(page.locator(".roster-problems")).to_have_count(0)
    expect(page.locator(".roster-rows tbody tr")).to_have_count(3)
    expect(page.locator("#row-2")).to_contain_text(f"王师傅（{mentor}）")
    shoot(page, "roster-preview-ready-1280-zh")
    page.locator("[data-confirm]").click()

    expect(page.locator(".roster-members")).to_contain_text("孙三")
    expect(page.locator(".passwords-offer")).to_be_visible()
    shoot(page, "roster-result-1280-zh")
    page.locator(f"a[href='{reverse('cohort_detail', kwargs={'pk': world.cohort.pk})}']").last.click()
    expect(page).to_have_url(f"{live_server.url}{reverse('cohort_detail', kwargs={'pk': world.cohort.pk})}")
    table = page.locator("table")
    for name in ("孙一", "孙二", "孙三", "张小花"):
        expect(table).to_contain_text(name)
    assert RosterImport.objects.get(original_name="花名册-改.xlsx").status == ImportStatus.DONE


def test_hr_creates_the_one_time_passwords_and_downloads_the_sheet(live_server, world, page: Page, shoot):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}{reverse('roster_upload', kwargs={'pk': world.cohort.pk})}")
    choose_and_check(page, roster([["K2611201", "钱一", "售中"], ["K2611202", "钱二", "售前"]]), "花名册.xlsx")
    page.locator("[data-confirm]").click()
    page.locator(".passwords-offer button[type=submit]").click()
    expect(page.locator(".password-table tbody tr")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "roster-passwords-375-zh")
    with page.expect_download() as download:
        page.locator("[data-password-sheet]").click()
    assert download.value.suggested_filename == "初始密码-十一月新人批.xlsx"


def test_the_progress_bar_follows_a_background_import_and_shows_the_result(live_server, world, page: Page, shoot):
    running = RosterImport.objects.create(
        cohort=world.cohort,
        original_name="大花名册.xlsx",
        uploaded_by=world.hr,
        status=ImportStatus.RUNNING,
        total_rows=5000,
        processed_rows=2000,
    )
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}{reverse('roster_import', kwargs={'pk': world.cohort.pk, 'import_pk': running.pk})}")
    expect(page.locator("[data-bar-wrap]")).to_have_attribute("aria-valuenow", "40")
    expect(page.locator("[data-label]")).to_contain_text(re.compile(r"2,?000\D+5,?000"))
    shoot(page, "roster-progress-375-zh")
    RosterImport.objects.filter(pk=running.pk).update(processed_rows=5000)
    expect(page.locator("[data-bar-wrap]")).to_have_attribute("aria-valuenow", "100")
    RosterImport.objects.filter(pk=running.pk).update(status=ImportStatus.DONE, created_count=5000)
    expect(page.locator(".roster-members")).to_be_visible(timeout=10_000)  # the page reloaded with the result
