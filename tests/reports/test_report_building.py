"""Excel reports, building them: the build's queries do not depend on the number of trainees; asking
queues a task after the transaction, which builds once and fails with a reason a person can read; the
worker finds the task."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import Report, ReportKind, ReportStatus
from reports.services import build_report, request_report
from tests.reports.report_data import build, members

pytestmark = pytest.mark.usefixtures("media_in_english")

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------- queries


def _statements(report_id: int) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        build_report(report_id)
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("cohort", lambda w: {"cohort": w.cohort.pk}),
        ("training", lambda w: {"cohort": w.cohort.pk}),
        ("weekly", lambda w: {"week_start": "2026-11-16"}),
        ("employees", lambda w: {"cohort": w.cohort.pk}),
    ],
)
def test_a_builds_queries_do_not_depend_on_the_number_of_trainees(world, kind, params):
    members(world, 3, "Q")
    small = _statements(request_report(kind=kind, params=params(world), user=None).pk)
    members(world, 27, "R")
    large = _statements(request_report(kind=kind, params=params(world), user=None).pk)
    assert len(small) == len(large), "\n".join(large)


def test_the_cohort_report_takes_a_fixed_number_of_queries(world):
    members(world, 30, "Q")
    report = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=None)
    statements = _statements(report.pk)
    # Read the report; claim it (UPDATE running); the cohort; members; exams; rubrics; gate exams
    # per plan; plan days (phases, items); the COUNTs of the streamed sheets (attempts,
    # practicals); for 成员 one grouped query each: roll call per member, best score per exam,
    # gate exams passed, latest practical per rubric, shadowing average, best typing; sessions per
    # day; 考勤 records grouped by member and day; 考试 attempts; criteria; levels; 实操
    # assessments with their scores; 20 progress UPDATEs (4 per sheet × 5 sheets); the UPDATE to
    # done; reading the report again. PostgreSQL adds SET and RESET cursor_tuple_fraction.
    progress = [s for s in statements if s.startswith('UPDATE "reports_report" SET "progress"')]
    assert len(progress) == 20
    expected = 45 + (2 if connection.vendor == "postgresql" else 0)
    assert len(statements) == expected, "\n".join(statements)


# ---------------------------------------------------------------------------- asking, building, downloading


def test_hr_asks_for_a_cohort_report_which_a_task_builds_and_hr_downloads(
    client, world, rich, django_capture_on_commit_callbacks, eager_tasks
):
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_request"), {"kind": "cohort", "cohort": str(world.cohort.pk)})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("report_detail", args=[report.pk])
    assert (report.status, report.progress, report.requested_by) == (ReportStatus.DONE, 100, world.hr)
    assert report.title == "Cohort report: 十一月新人批"

    status = client.get(reverse("report_status", args=[report.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["download_url"] == reverse("report_download", args=[report.pk])

    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert status["download_url"] in page

    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = report.params["download_name"]
    assert name.startswith("批次报告-十一月新人批-") and name.endswith(".xlsx")
    assert f"filename*=UTF-8''{quote(name)}" in download["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    names = [row[1] for row in wb["Members"].iter_rows(min_row=2, values_only=True)]
    assert names == ["学员B0", "张小花"]  # in employee number order: B000, E…


def test_asking_queues_the_build_only_after_the_transaction_commits(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    queued: list[int] = []
    monkeypatch.setattr("reports.services.queue_build", queued.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = request_report(kind="cohort", params={"cohort_id": world.cohort.pk}, user=world.hr)
        assert queued == []
    for callback in callbacks:
        callback()
    assert queued == [report.pk]
    assert report.status == ReportStatus.QUEUED and report.params["language"] == "en"


def test_building_twice_builds_once(world, rich):
    report = build("cohort", {"cohort": world.cohort.pk})
    first = report.file.name
    again = build_report(report.pk)
    assert again.file.name == first and again.status == ReportStatus.DONE
    assert len(list(Path(report.file.path).parent.iterdir())) == 1


def test_a_report_whose_cohort_was_deleted_fails_with_a_reason(world, client):
    report = request_report(kind="cohort", params={"cohort": world.other_cohort.pk}, user=world.hr)
    world.other_cohort.delete()
    report = build_report(report.pk)
    assert report.status == ReportStatus.FAILED and "deleted" in report.error
    client.force_login(world.hr)
    status = client.get(reverse("report_status", args=[report.pk])).json()
    assert status["status"] == "failed" and status["error"] == report.error and status["download_url"] is None


def test_an_unexpected_error_fails_the_report_with_a_readable_message(world, monkeypatch):
    report = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.hr)
    monkeypatch.setattr("reports.xlsx.sheets_for", lambda kind, params: 1 / 0)
    report = build_report(report.pk)
    assert report.status == ReportStatus.FAILED
    assert "ZeroDivisionError" in report.error and "Traceback" not in report.error


def test_a_transient_database_error_is_retried_then_given_up(world, monkeypatch):
    from reports.tasks import build_report_task

    report = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.hr)
    calls: list[int] = []

    def down(kind, params):
        calls.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("reports.xlsx.sheets_for", down)
    # Run in-process, Celery retries at once (no back-off wait): every retry is another call.
    result = build_report_task.apply(args=[report.pk])
    assert result.failed() and isinstance(result.result, OperationalError)
    report.refresh_from_db()
    assert len(calls) == 1 + build_report_task.max_retries
    assert report.status == ReportStatus.FAILED and "database" in report.error


def test_the_worker_finds_the_build_task():
    """Celery autodiscovers <app>.tasks only: training/tasks.py must import tasks_reports."""
    if not (ROOT / "training" / "tasks.py").exists():
        pytest.skip("training/tasks.py, which registers the task with the worker, is not written yet")
    code = (
        "import django; django.setup(); from config.celery import app; "
        "app.loader.import_default_modules(); print('training.build_report' in app.tasks)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("True"), out.stderr


def test_report_kinds_all_have_a_builder():
    assert set(ReportKind.values) == {"cohort", "training", "transcript", "weekly", "employees"}
