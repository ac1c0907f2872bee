"""Background work whose worker died: the sweeper (desk.sweep_stalled_work, in the periodic schedule)
marks a report or roster import without progress for 15 minutes as failed, and its page offers a retry
(POST, HR or whoever may see it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django_celery_beat.models import PeriodicTask

from desk.schedule import SCHEDULE
from desk.tasks import sweep_stalled_work_task
from reports.models import Report, ReportStatus
from reports.services import build_report, request_report
from tests.conftest import PERSONAS, login_as
from tests.training.roster_files import person, upload, xlsx
from training.models import ImportStatus, RosterImport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _env(settings, tmp_path, client):
    """Files in tmp, messages in English, queued tasks run at once (as a worker would)."""
    from config.celery import app

    settings.MEDIA_ROOT = tmp_path
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    with translation.override("en"):
        yield
    app.conf.task_always_eager = saved


def later(minutes: int):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def stuck_report(world, user=None, status: str = ReportStatus.RUNNING) -> Report:
    """A cohort report whose worker died: queued, then claimed (running), and never heard of again."""
    report = request_report(kind="cohort", params={"cohort_id": world.cohort.pk}, user=user or world.trainer)
    Report.objects.filter(pk=report.pk).update(status=status, heartbeat=timezone.now())
    return report


def stuck_import(client, world, status: str) -> RosterImport:
    """A roster upload checked (small file), then left in `status` as a dead worker leaves it."""
    client.force_login(world.hr)
    upload(client, world, xlsx([person("N9001", "甲"), person("N9002", "乙")]))
    roster_import = RosterImport.objects.latest("pk")
    assert roster_import.status == ImportStatus.CHECKED, roster_import.problems
    RosterImport.objects.filter(pk=roster_import.pk).update(status=status, heartbeat=timezone.now())
    return roster_import


def test_the_sweeper_is_in_the_periodic_schedule_every_five_minutes():
    entry = next(e for e in SCHEDULE if e.task == "desk.sweep_stalled_work")
    row = PeriodicTask.objects.get(name=entry.name)
    assert (row.interval.every, row.interval.period, row.enabled) == (5, "minutes", True)


def test_a_report_left_running_by_a_dead_worker_is_failed_after_fifteen_minutes_not_before(world):
    report = stuck_report(world)
    with later(14):
        assert sweep_stalled_work_task() == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING
    with later(16):
        assert sweep_stalled_work_task() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "background worker stopped" in report.error
    assert report.finished_at is not None


def test_a_queued_report_no_worker_took_is_failed_too(world):
    report = stuck_report(world, status=ReportStatus.QUEUED)
    with later(16):
        assert sweep_stalled_work_task() == 1
    assert Report.objects.get(pk=report.pk).status == ReportStatus.FAILED


def test_a_report_whose_build_moves_on_is_left_alone(world):
    report = stuck_report(world)
    with later(10):
        Report.objects.filter(pk=report.pk).update(heartbeat=timezone.now())  # what Progress.write does
    with later(20):
        assert sweep_stalled_work_task() == 0
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING


def test_the_failure_message_is_in_the_askers_language(world):
    with translation.override("zh-hans"):
        report = stuck_report(world)
    with later(16):
        sweep_stalled_work_task()
    assert "后台" in Report.objects.get(pk=report.pk).error


def test_building_writes_a_heartbeat_so_a_live_build_is_not_swept(world):
    report = request_report(kind="cohort", params={"cohort_id": world.cohort.pk}, user=world.hr)
    with later(30):
        build_report(report.pk)
        assert Report.objects.get(pk=report.pk).heartbeat >= timezone.now() - timedelta(seconds=5)


def test_a_swept_report_is_built_again_from_its_page(client, world, django_capture_on_commit_callbacks):
    report = stuck_report(world)
    with later(16):
        sweep_stalled_work_task()
    client.force_login(world.trainer)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert reverse("report_retry", args=[report.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.file


def test_a_report_that_has_not_failed_cannot_be_retried(client, world):
    report = stuck_report(world)
    client.force_login(world.trainer)
    response = client.post(reverse("report_retry", args=[report.pk]), follow=True)
    assert "Only a report that failed can be built again." in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("hr", 302), ("trainer", 302), ("mentor", 403), ("trainee", 403), ("outsider", 403)],
)
def test_retrying_a_report_is_for_hr_and_the_trainer_who_asked(client, world, persona, expected):
    report = stuck_report(world, user=world.trainer, status=ReportStatus.FAILED)
    login_as(client, world, persona)
    response = client.post(reverse("report_retry", args=[report.pk]))
    assert response.status_code == expected
    retried = Report.objects.get(pk=report.pk).status != ReportStatus.FAILED
    assert retried == (persona in {"hr", "trainer"})


def test_another_trainer_gets_a_404_retrying_a_report_they_did_not_ask_for(client, world):
    report = stuck_report(world, user=world.hr, status=ReportStatus.FAILED)
    client.force_login(world.trainer)
    assert client.post(reverse("report_retry", args=[report.pk])).status_code == 404
    assert Report.objects.get(pk=report.pk).status == ReportStatus.FAILED


@pytest.mark.parametrize("status", [ImportStatus.UPLOADED, ImportStatus.RUNNING])
def test_a_roster_import_left_by_a_dead_worker_is_failed_and_keeps_its_file(client, world, status):
    roster_import = stuck_import(client, world, status)
    with later(14):
        assert sweep_stalled_work_task() == 0
    with later(16):
        assert sweep_stalled_work_task() == 1
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.stalled_in) == (ImportStatus.FAILED, status)
    assert roster_import.file  # kept for the retry
    page = client.get(reverse("roster_import", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk}))
    assert "background worker stopped" in page.content.decode()
    assert (
        reverse("roster_retry", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk}) in page.content.decode()
    )


def test_retrying_an_import_that_died_while_importing_imports_it_once(
    client, world, django_capture_on_commit_callbacks
):
    roster_import = stuck_import(client, world, ImportStatus.RUNNING)
    with later(16):
        sweep_stalled_work_task()
    url = reverse("roster_retry", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.created_count, roster_import.stalled_in) == (ImportStatus.DONE, 2, "")
    # A second click (or a late redelivered task) changes nothing.
    response = client.post(url, follow=True)
    assert "This import cannot be retried." in response.content.decode()
    assert world.cohort.enrollments.filter(employee__employee_no__in=["N9001", "N9002"]).count() == 2


def test_retrying_an_import_that_died_while_checking_checks_it_again(client, world, django_capture_on_commit_callbacks):
    roster_import = stuck_import(client, world, ImportStatus.UPLOADED)
    with later(16):
        sweep_stalled_work_task()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster_retry", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk}))
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.CHECKED  # the preview again; HR confirms from there


def test_an_import_that_failed_for_another_reason_cannot_be_retried(client, world):
    roster_import = stuck_import(client, world, ImportStatus.FAILED)
    response = client.post(
        reverse("roster_retry", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk}), follow=True
    )
    assert "This import cannot be retried." in response.content.decode()
    assert RosterImport.objects.get(pk=roster_import.pk).status == ImportStatus.FAILED


def test_the_file_of_an_import_nobody_retried_is_deleted_after_a_day(client, world):
    from training.roster import expire_stale_imports

    roster_import = stuck_import(client, world, ImportStatus.RUNNING)
    with later(16):
        sweep_stalled_work_task()
    with later(60 * 25):
        expire_stale_imports()
    roster_import.refresh_from_db()
    assert (roster_import.file.name, roster_import.stalled_in) == ("", "")


@pytest.mark.parametrize("persona", PERSONAS)
def test_retrying_an_import_is_for_hr_only(client, world, persona, django_capture_on_commit_callbacks):
    roster_import = stuck_import(client, world, ImportStatus.RUNNING)
    with later(16):
        sweep_stalled_work_task()
    client.logout()
    login_as(client, world, persona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roster_retry", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk}))
    assert response.status_code == {"anonymous": 302, "hr": 302}.get(persona, 403)
    done = RosterImport.objects.get(pk=roster_import.pk).status == ImportStatus.DONE
    assert done == (persona == "hr")


def test_hr_gets_a_404_retrying_another_cohorts_import_under_this_cohorts_url(client, world):
    roster_import = stuck_import(client, world, ImportStatus.RUNNING)
    RosterImport.objects.filter(pk=roster_import.pk).update(cohort=world.other_cohort)
    url = reverse("roster_retry", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk})
    assert client.post(url).status_code == 404
