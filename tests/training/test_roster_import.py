"""Roster import, saving: the good path from upload to the hires on the cohort, confirming once and
all-or-nothing, the background path with its progress, the tasks and a real worker, and 10,000 rows."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from employees.models import Employee, PositionClass, Preference, Status, Tier
from employees.roles import Role
from tests.factories import CohortFactory, EmployeeFactory, UserFactory
from tests.training.roster_files import confirm, counts, import_page, person, the_import, upload, xlsx
from training.models import Cohort, Enrollment, ImportStatus, Phase, PlanTemplate, RosterImport
from training.roster import RosterRefusedError, check_roster, save_roster

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roster_env")]


# ---------------------------------------------------------------------------- the good path


def test_a_good_file_is_previewed_then_imported_with_everything_an_account_needs(client, world):
    client.force_login(world.hr)
    mentor_no = world.mentor.employee_no
    rows = [
        person(
            "K2611001",
            "孙一",
            "售前",
            tier="新员工",
            phone="138 0013 8000",
            email="sun1@example.com",
            hired=datetime(2026, 11, 16),
            team="旗舰店",
            mentor=mentor_no,
        ),
        person("K2611002", "孙二", "After-sale", tier="new hire", phone=13900001234, hired="2026/11/16"),
        person("K2611003", "孙三", "in_sale", hired="2026年11月16日", mentor=mentor_no.lower()),
    ]
    before = counts()
    response = upload(client, world, xlsx(rows))
    roster_import = the_import()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "roster_import", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk}
    )
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.problems == []
    assert roster_import.total_rows == 3
    assert counts() == before  # the preview writes nothing

    preview = import_page(client, roster_import)
    page = preview.content.decode()
    assert "孙二" in page and "After-sale" in page and "2026-11-16" in page
    assert f"王师傅（{mentor_no}）" in page

    response = confirm(client, roster_import)
    assert response.status_code == 302
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    assert roster_import.created_count == 3
    assert not roster_import.file  # the upload (which may hold passwords) is gone
    after = counts()
    assert after["users"] - before["users"] == 3
    assert after["employees"] - before["employees"] == 3
    assert after["enrollments"] - before["enrollments"] == 3
    assert after["preferences"] - before["preferences"] == 3
    assert after["scheduled days"] - before["scheduled days"] == 3 * 17  # plan days 0–16

    one, two, three = Employee.objects.filter(employee_no__startswith="K26110").select_related("user", "mentor")
    assert (one.name, one.phone, one.team, one.position_class, one.tier) == (
        "孙一",
        "13800138000",
        "旗舰店",
        PositionClass.PRE_SALE,
        Tier.NEW_HIRE,
    )
    assert one.user.username == "K2611001" and one.user.email == "sun1@example.com"
    assert one.mentor == world.mentor and three.mentor == world.mentor
    assert two.position_class == PositionClass.AFTER_SALE and two.phone == "13900001234"
    assert three.position_class == PositionClass.IN_SALE
    assert {e.hire_date for e in (one, two, three)} == {date(2026, 11, 16)}
    for employee in (one, two, three):
        assert employee.user.password.startswith(UNUSABLE_PASSWORD_PREFIX)
        assert not employee.user.has_usable_password()
        assert employee.user.preference.must_set_password
        assert set(employee.user.groups.values_list("name", flat=True)) == {Role.TRAINEE}
        hired = employee.status_changes.get(from_status="")
        assert hired.reason == "Hired" and hired.changed_by == world.hr
    assert world.mentor.user.groups.filter(name=Role.MENTOR).exists()

    result = import_page(client, roster_import).content.decode()
    assert "3 employees joined 十一月新人批" in result
    assert "K2611003" in result


def test_the_mentor_role_is_given_to_a_named_mentor_who_did_not_have_it(client, world):
    mentor = EmployeeFactory(name="赵师傅", status=Status.LIVE, user=UserFactory(roles=[]))
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1", mentor=mentor.employee_no)]))
    confirm(client, the_import())
    assert mentor.user.groups.filter(name=Role.MENTOR).exists()


# ---------------------------------------------------------------------------- confirming


def test_confirming_twice_imports_once(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1"), person("K2")]))
    roster_import = the_import()
    confirm(client, roster_import)
    before = counts()
    response = confirm(client, roster_import)
    assert response.status_code == 302
    assert counts() == before
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE and roster_import.created_count == 2
    assert "This import was already confirmed." in client.get(response["Location"]).content.decode()


def test_a_number_taken_between_preview_and_confirm_sends_the_file_back_to_the_preview(client, world):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1"), person("K2")]))
    roster_import = the_import()
    EmployeeFactory(employee_no="K2")
    before = counts()
    confirm(client, roster_import)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.problems[0]["row"] == 3
    assert counts() == before


def test_the_import_is_all_or_nothing_when_saving_fails_half_way(world, monkeypatch):
    result = check_roster(BytesIO(xlsx([person("K1"), person("K2")])), name="r.xlsx", cohort=world.cohort)

    def broken(**kwargs):
        raise RuntimeError("the scheduler fell over")

    monkeypatch.setattr("training.roster.saving.enroll", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        save_roster(cohort=world.cohort, rows=result.rows, by=world.hr)
    assert counts() == before


def test_the_service_refuses_an_empty_list(world):
    with pytest.raises(RosterRefusedError):
        save_roster(cohort=world.cohort, rows=[], by=world.hr)


def test_a_failing_import_is_marked_failed_and_its_file_deleted(client, world, monkeypatch):
    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1")]))
    roster_import = the_import()
    stored = roster_import.file.path

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("training.roster.saving.enroll", broken)
    client.raise_request_exception = False
    assert confirm(client, roster_import).status_code == 500
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.FAILED
    assert "Nothing was saved" in roster_import.problems[0]["message"]
    import os

    assert not os.path.exists(stored)
    assert not Employee.objects.filter(employee_no="K1").exists()


# ---------------------------------------------------------------------------- large files: the background path


def test_a_large_file_is_checked_and_imported_by_the_worker_with_progress(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("training.views_roster.SYNC_ROWS", 3)
    monkeypatch.setattr("training.roster.saving.SYNC_ROWS", 3)
    client.force_login(world.hr)
    rows = [person(f"B{i}") for i in range(5)]
    queued: list[int] = []
    from training import tasks_roster

    original = tasks_roster.check_roster_task.delay
    monkeypatch.setattr(tasks_roster.check_roster_task, "delay", lambda pk: queued.append(pk) or original(pk))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, world, xlsx(rows))
    roster_import = the_import()
    # Not checked within the request: the page shows a progress bar that polls the status URL.
    assert roster_import.status == ImportStatus.UPLOADED
    page = client.get(response["Location"]).content.decode()
    status_url = reverse("roster_status", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk})
    assert f'data-roster-status-url="{status_url}"' in page and "js/roster.js" in page
    assert client.get(status_url).json()["finished"] is False
    for callback in callbacks:
        callback()
    assert queued == [roster_import.pk]
    status = client.get(status_url).json()
    assert status == {
        "status": "checked",
        "finished": True,
        "total": 5,
        "processed": 5,
        "percent": 100,
        "label": "Checked",
    }

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, roster_import)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE and roster_import.created_count == 5
    assert Enrollment.objects.filter(cohort=world.cohort, employee__employee_no__startswith="B").count() == 5


def test_progress_is_reported_while_the_worker_checks(world, monkeypatch):
    monkeypatch.setattr("training.roster.reading.PROGRESS_EVERY", 2)
    seen: list[int] = []
    check_roster(
        BytesIO(xlsx([person(f"K{i}") for i in range(5)])), name="r.xlsx", cohort=world.cohort, progress=seen.append
    )
    assert seen == [2, 4, 5]


def test_hashing_initial_passwords_reports_its_progress_too(world, monkeypatch):
    from training.roster.saving import hash_passwords

    monkeypatch.setattr("training.roster.saving.PROGRESS_EVERY", 1)
    result = check_roster(
        BytesIO(xlsx([person("K1"), person("K2", password="Kefu-start-2x!"), person("K3", password="Kefu-start-3x!")])),
        name="r.xlsx",
        cohort=world.cohort,
    )
    seen: list[int] = []
    hashes = hash_passwords(result.rows, seen.append)
    assert seen == [2, 3]
    assert sorted(hashes) == [3, 4]  # by Excel row


def test_initial_passwords_are_hashed_fast_in_the_request_and_upgraded_at_the_first_login(client, world, settings):
    from django.contrib.auth.hashers import identify_hasher

    from training.roster import needs_background

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "common.hashers.InitialPasswordHasher",
    ]
    rows = [person(f"P{i}", password=f"Kefu-start-{i}x!") for i in range(40)]
    client.force_login(world.hr)
    upload(client, world, xlsx(rows))
    assert not needs_background(the_import())  # 40 passwords no longer send a file to the worker
    started = time.perf_counter()
    confirm(client, the_import())
    assert time.perf_counter() - started < 10  # 40 × 0.65 s at full strength would be 26 s
    user = User.objects.get(username="P1")
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256_initial"
    client.logout()
    # Through the login page: the login throttle (django-axes) needs the request.
    response = client.post("/accounts/login/", {"username": "P1", "password": "Kefu-start-1x!"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"  # full strength from the first login on


def test_the_tasks_do_nothing_to_an_import_in_another_status(world):
    from training.tasks_roster import check_roster_task, import_roster_task

    roster_import = RosterImport.objects.create(
        cohort=world.cohort, original_name="x.xlsx", uploaded_by=world.hr, status=ImportStatus.DONE
    )
    assert import_roster_task.apply(args=[roster_import.pk, world.hr.pk]).get() == 0
    assert check_roster_task.apply(args=[roster_import.pk]).get() == "done"
    assert import_roster_task.apply(args=[999999, None]).get() == 0


def test_a_task_that_fails_for_good_marks_the_import_failed(world, monkeypatch):
    from training.tasks_roster import import_roster_task

    roster_import = RosterImport.objects.create(
        cohort=world.cohort, original_name="x.xlsx", uploaded_by=world.hr, status=ImportStatus.RUNNING
    )
    monkeypatch.setattr(
        "training.tasks_roster.run_roster_import", lambda **kw: (_ for _ in ()).throw(ValueError("bug"))
    )
    import_roster_task.apply(args=[roster_import.pk, world.hr.pk])
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.FAILED


def test_unconfirmed_uploads_expire_after_a_day_with_their_files(client, world):

    client.force_login(world.hr)
    upload(client, world, xlsx([person("K1", password="Kefu-start-1x!")]))
    stale = the_import()
    path = stale.file.path
    RosterImport.objects.filter(pk=stale.pk).update(uploaded_at=timezone.now() - timedelta(days=2))
    upload(client, world, xlsx([person("K2")]))  # any upload sweeps
    stale.refresh_from_db()
    assert stale.status == ImportStatus.FAILED and not stale.file
    import os

    assert not os.path.exists(path)


# ---------------------------------------------------------------------------- 10,000 rows


@pytest.fixture
def one_day_cohort(world) -> Cohort:
    """A veteran cohort on a one-day plan: the 10,000-row test times the import, not 170,000 scheduled days
    (scheduling at scale has its own benchmark, bench/scheduling.py)."""
    PlanTemplate.objects.filter(tier=Tier.VETERAN).update(is_active=False)
    plan = PlanTemplate.objects.create(code="one-day", name="一日回炉", tier=Tier.VETERAN, is_active=True)
    Phase.objects.create(template=plan, number=1, name="回炉", first_day=1, last_day=1)
    return CohortFactory(name="万人回炉", tier=Tier.VETERAN, start_date=date(2026, 12, 7))


def test_ten_thousand_rows_import_correctly(world, one_day_cohort):
    classes = ["售前", "售中", "售后"]
    data = xlsx(
        [
            person(
                f"T{i:05d}",
                f"学员{i}",
                classes[i % 3],
                tier="老员工" if i % 2 else "veteran",
                phone=f"139{i:08d}",
                hired="2026/12/07" if i % 2 else datetime(2026, 12, 7),
                mentor=world.mentor.employee_no,
            )
            for i in range(10_000)
        ]
    )
    before = counts()
    result = check_roster(BytesIO(data), name="r.xlsx", cohort=one_day_cohort)
    assert result.ok and result.total_rows == 10_000
    employees = save_roster(cohort=one_day_cohort, rows=result.rows, by=world.hr)
    after = counts()
    assert len(employees) == 10_000
    for table in ("users", "employees", "enrollments", "status changes", "preferences"):
        assert after[table] - before[table] == 10_000, table
    assert after["scheduled days"] - before["scheduled days"] == 10_000
    assert Employee.objects.filter(employee_no__startswith="T", mentor=world.mentor).count() == 10_000
    assert Counter(Employee.objects.filter(employee_no__startswith="T").values_list("position_class", flat=True)) == {
        "pre_sale": 3334,
        "in_sale": 3333,
        "after_sale": 3333,
    }
    assert not Employee.objects.filter(employee_no__startswith="T").exclude(hire_date=date(2026, 12, 7)).exists()
    waiting = Preference.objects.filter(user__employee__employee_no__startswith="T", must_set_password=True)
    assert waiting.count() == 10_000


# ---------------------------------------------------------------------------- the worker


def test_the_worker_finds_the_roster_tasks():
    """Celery autodiscovers <app>.tasks only; employees.tasks imports the roster tasks, so that a worker
    process, which loads no admin or views, registers them too."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from config.celery import app; app.loader.import_default_modules(); "
        "print(sorted(t for t in app.tasks if t.startswith('employees.')))"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert "'employees.check_roster', 'employees.import_roster'" in out.stdout, out.stderr


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not __import__("os").environ.get("CELERY_TEST_WORKER"), reason="needs a Redis broker (CELERY_TEST_WORKER=1)"
)
def test_a_real_worker_checks_and_imports_a_large_roster(client, world, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.task_always_eager = False
    monkeypatch.setattr("training.views_roster.SYNC_ROWS", 3)
    monkeypatch.setattr("training.roster.saving.SYNC_ROWS", 3)
    assert app.conf.broker_url.startswith("redis"), app.conf.broker_url
    client.force_login(world.hr)
    with (
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
        finished("employees.check_roster") as checked,
        finished("employees.import_roster") as saved,
    ):
        upload(client, world, xlsx([person(f"W{i}", mentor=world.mentor.employee_no) for i in range(6)]))
        roster_import = the_import()
        status_url = reverse("roster_status", kwargs={"pk": world.cohort.pk, "import_pk": roster_import.pk})
        _wait_for(client, status_url, "checked", checked)
        confirm(client, roster_import)
        _wait_for(client, status_url, "done", saved)
    assert Enrollment.objects.filter(cohort=world.cohort, employee__employee_no__startswith="W").count() == 6


@contextmanager
def finished(task_name: str) -> Iterator[threading.Event]:
    """An event the worker sets once it has run the task `task_name` to its end (not when it only retries)."""
    from celery import states
    from celery.signals import task_postrun

    done = threading.Event()

    def ended(sender=None, state=None, **kwargs) -> None:
        if sender is not None and sender.name == task_name and state in states.READY_STATES:
            done.set()

    task_postrun.connect(ended, weak=False)
    try:
        yield done
    finally:
        task_postrun.disconnect(ended)


def _wait_for(client, status_url: str, status: str, task_done: threading.Event, seconds: float = 60) -> None:
    """Wait for the worker to finish its task; the import must then be in `status`."""
    task_done.wait(seconds)
    if client.get(status_url).json()["status"] != status:
        raise AssertionError(f"the worker did not reach {status!r}: {client.get(status_url).json()}")
