"""HR asks for a cohort's Excel report on the cohort page, watches the progress bar move, and
downloads a file that opens.

The build runs the way a worker runs it, but driven by the test: Celery is not eager, and the
on-commit queueing (``reports.services.queue_build``) is replaced by a thread that starts the real
``build_report`` a moment after the request, the way a worker picks up a task. Each progress write
is followed by a short pause, so that a build of a few trainees lasts long enough (a few seconds)
for the page, which polls once a second, to show the bar part-way before the download appears.
Nothing else is faked: the page, the polling script, the status JSON, the file and the download
are the ones people use.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.db import connections
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from reports import services as reports
from reports.models import Report
from tests.factories import EmployeeFactory
from training.models import ItemRecord, PlanItem
from training.services import enroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
PAUSE_AFTER_PROGRESS = 0.25  # seconds; 20 progress writes make a build of about five seconds
PICK_UP_AFTER = 1.0  # seconds between the request and the "worker" starting


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


@pytest.fixture
def worker_thread(monkeypatch):
    """Replace the Celery queueing with a thread that builds the report after a short delay."""
    threads: list[threading.Thread] = []
    write = reports.Progress.write

    def slow_write(self, percent: int) -> None:
        write(self, percent)
        time.sleep(PAUSE_AFTER_PROGRESS)

    def queue(report_id: int) -> None:
        # Called in the live server's request thread. An in-memory SQLite test database exists
        # only on the connection the live server shares; use that one, as the server does.
        conn = connections["default"]
        shared = conn.vendor == "sqlite" and conn.is_in_memory_db()
        if shared:
            conn.inc_thread_sharing()

        def run() -> None:
            if shared:
                connections["default"] = conn
            try:
                time.sleep(PICK_UP_AFTER)
                reports.build_report(report_id)
            finally:
                if shared:
                    conn.dec_thread_sharing()
                else:
                    connections.close_all()

        thread = threading.Thread(target=run, name=f"report-{report_id}", daemon=True)
        threads.append(thread)
        thread.start()

    monkeypatch.setattr(reports.Progress, "write", slow_write)
    monkeypatch.setattr(reports, "queue_build", queue)
    yield threads
    for thread in threads:
        thread.join(timeout=60)


def test_hr_asks_for_the_cohort_report_watches_it_build_and_downloads_it(
    live_server, world, page: Page, shoot, worker_thread, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    hires = [EmployeeFactory(name=f"学员{i}", employee_no=f"N{i:03d}", mentor=world.mentor) for i in range(3)]
    for enrollment in enroll(cohort=world.cohort, employees=hires):
        item = PlanItem.objects.filter(template_id=enrollment.plan_id, day_number=1).order_by("order").first()
        ItemRecord.objects.create(enrollment=enrollment, item=item, attendance="present", completed=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "hr")
    page.goto(f"{live_server.url}/cohorts/{world.cohort.pk}/")
    ask = page.locator("form:has(input[name=kind][value=cohort]) button[type=submit]")
    expect(ask, "the cohort page includes reports/_cohort_actions.html").to_be_visible()
    ask.click()

    report = Report.objects.get()
    expect(page).to_have_url(f"{live_server.url}/reports/{report.pk}/")
    bar = page.locator(".report-page [data-report-bar]")
    download = page.locator(".report-page [data-report-download]")
    # Part-way: the page shows a progress between 1 % and 99 % while the report is being built.
    expect(page.locator(".report-page [data-report-status-url]")).to_have_attribute("data-report-status", "running")
    expect(bar).to_have_attribute("aria-valuenow", re.compile(r"^[1-9][0-9]?$"), timeout=15_000)
    expect(download).to_be_hidden()
    shoot(page, "report-building-1280-zh")

    expect(download).to_be_visible(timeout=30_000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    shoot(page, "report-ready-1280-zh")
    with page.expect_download() as info:
        download.click()
    file = info.value
    report.refresh_from_db()
    assert file.suggested_filename == report.params["download_name"]
    assert file.suggested_filename.startswith("批次报告-十一月新人批-")
    saved = tmp_path / "downloads" / file.suggested_filename
    file.save_as(saved)
    wb = load_workbook(saved, read_only=True)
    names = {row[1] for row in wb["成员"].iter_rows(min_row=2, values_only=True)}
    assert names == {"张小花", "学员0", "学员1", "学员2"}

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/reports/")
    expect(page.locator(".report-table")).to_contain_text("十一月新人批")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "report-list-375-zh")
