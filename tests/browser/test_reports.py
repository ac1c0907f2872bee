"""HR asks for a cohort's Excel report on the cohort page, watches the progress bar move, and
downloads a file that opens.

The build runs the way a worker runs it, but driven by the test: Celery is not eager, and the
on-commit queueing (``reports.services.queue_build``) is replaced by a thread that runs the real
``build_report`` once the report page is open, the way a worker picks up a task after the request.
At its first progress write part-way (1–99 %) the build stops and waits until the test has seen
that progress on the page, which polls once a second; only then does it finish, so the bar is
always seen part-way before the download appears, however fast or slow the machine. Nothing else
is faked: the page, the polling script, the status JSON, the file and the download are the ones
people use.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import pytest
from django.db import connections
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from reports import services as reports
from reports.models import Report
from tests.browser.conftest import log_in
from tests.factories import EmployeeFactory
from training.models import ItemRecord, PlanItem
from training.services import enroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GIVE_UP_AFTER = 60  # seconds a step of the fake worker waits for the test before going on anyway


@dataclass
class FakeWorker:
    """The build's threads and the two moments the test lets them go on."""

    threads: list[threading.Thread] = field(default_factory=list)
    pick_up: threading.Event = field(default_factory=threading.Event)  # the report page is open
    progress_seen: threading.Event = field(default_factory=threading.Event)  # the page showed the bar part-way


@pytest.fixture
def worker_thread(monkeypatch):
    """Replace the Celery queueing with a thread that builds the report once the test has opened the
    report page, and holds the build part-way until the test has seen its progress there."""
    worker = FakeWorker()
    write = reports.Progress.write

    def write_then_wait_to_be_seen(self, percent: int) -> None:
        write(self, percent)
        if 0 < percent < 100:
            worker.progress_seen.wait(GIVE_UP_AFTER)

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
                worker.pick_up.wait(GIVE_UP_AFTER)
                reports.build_report(report_id)
            finally:
                if shared:
                    conn.dec_thread_sharing()
                else:
                    connections.close_all()

        thread = threading.Thread(target=run, name=f"report-{report_id}", daemon=True)
        worker.threads.append(thread)
        thread.start()

    monkeypatch.setattr(reports.Progress, "write", write_then_wait_to_be_seen)
    monkeypatch.setattr(reports, "queue_build", queue)
    yield worker
    worker.pick_up.set()  # let a build the test did not get to finish, so that its thread ends
    worker.progress_seen.set()
    for thread in worker.threads:
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
    page.locator(".report-page [data-report-status-url]").wait_for()
    worker_thread.pick_up.set()  # the page is open: the worker takes the task
    bar = page.locator(".report-page [data-report-bar]")
    download = page.locator(".report-page [data-report-download]")
    # Part-way: the page shows a progress between 1 % and 99 % while the report is being built.
    expect(page.locator(".report-page [data-report-status-url]")).to_have_attribute("data-report-status", "running")
    expect(bar).to_have_attribute("aria-valuenow", re.compile(r"^[1-9][0-9]?$"), timeout=15_000)
    expect(download).to_be_hidden()
    shoot(page, "report-building-1280-zh")
    worker_thread.progress_seen.set()  # seen part-way: the build may finish

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
