"""Background work survives a worker killed with SIGKILL in the middle of a task: a real Celery worker
(prefork, a separate process on the Redis broker, on the test database) is killed while a task waits on a
table lock this test holds, then the work goes on.

- The pool process dies: the task goes back to the queue (acks_late + task_reject_on_worker_lost) and a new
  pool process runs it; every reminder arrives exactly once.
- The whole worker dies: its message stays unacknowledged in Redis and a restarted worker gets it back once
  the visibility timeout has passed; every reminder arrives exactly once.
- A report whose whole worker died stays "running" until the sweeper marks it failed; its retry button
  builds it.

CI runs these in the PostgreSQL + Redis stage (CELERY_TEST_WORKER=1); elsewhere they are skipped. The
worker process connects to the test database, so it needs PostgreSQL (SQLite's test database lives in
this process's memory)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from desk.tasks import sweep_stalled_work_task
from notifications.models import Notification, ReminderLog
from reports.models import Report, ReportStatus
from tests.factories import CohortFactory, EmployeeFactory
from training.services import enroll

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("CELERY_TEST_WORKER"), reason="needs a Redis broker (CELERY_TEST_WORKER=1)"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="the worker process shares the test database: PostgreSQL only",
    ),
]

ON = date(2026, 11, 19)  # plan day 4 of a cohort that starts on Monday 2026-11-16
QUEUE = f"killed-worker-{uuid.uuid4().hex[:8]}"  # this module's own queue: no other test's message reaches it
TIMEOUT = 90


def test_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    host = db["HOST"] or "localhost"
    query = f"?host={quote(host)}" if host.startswith("/") else ""
    netloc = f"{auth}@{'' if query else host}{':' + str(db['PORT']) if db['PORT'] else ''}"
    return f"postgres://{netloc}/{quote(db['NAME'])}{query}"


test_database_url.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def wait_for(condition, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class WorkerProcess:
    """`celery worker` in a process group of its own, prefork with one pool process, on QUEUE."""

    def __init__(self, log: Path, *, visibility_timeout: int, media: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "CELERY_TASK_ALWAYS_EAGER"}
        env.update(
            DATABASE_URL=test_database_url(),
            DB_CONN_MAX_AGE="0",
            CELERY_VISIBILITY_TIMEOUT=str(visibility_timeout),
            MEDIA_ROOT=str(media),
        )
        self.log = log
        self.handle = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", QUEUE, "--pool=prefork",
             "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "-n", f"{QUEUE}-{uuid.uuid4().hex[:4]}@%h"],
            cwd=settings.BASE_DIR, env=env, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.ready_lines = self.log.read_text(errors="replace").count(" ready.")
        wait_for(lambda: self.log.read_text(errors="replace").count(" ready.") > self.ready_lines, "the worker")

    def pool_processes(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def kill_pool_process(self) -> None:
        (child,) = self.pool_processes()
        os.kill(child, signal.SIGKILL)

    def kill_everything(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self.handle.close()


class TableLock:
    """Holds a PostgreSQL table lock from a connection of its own, so that a task waits on it mid-way."""

    def __init__(self, table: str, mode: str) -> None:
        db = connection.settings_dict
        self.conn = psycopg2.connect(
            dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or None
        )
        self.cursor = self.conn.cursor()
        self.cursor.execute(f"LOCK TABLE {table} IN {mode} MODE")

    def waiting(self) -> int:
        """How many other sessions wait on a lock (the task, blocked mid-way)."""
        with connection.cursor() as cursor:  # autocommit: a fresh view each time (not this lock's snapshot)
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0]

    def release(self) -> None:
        if not self.conn.closed:
            self.conn.rollback()
            self.conn.close()


@pytest.fixture
def workers(tmp_path) -> Iterator:
    """Starts workers (stopped at the end) and purges this module's queue before and after."""
    from config.celery import app

    started: list[WorkerProcess] = []

    def start(visibility_timeout: int = 3) -> WorkerProcess:
        worker = WorkerProcess(tmp_path / "worker.log", visibility_timeout=visibility_timeout, media=tmp_path)
        started.append(worker)
        return worker

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)
    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(QUEUE)
        log = tmp_path / "worker.log"
        if log.exists():
            print(log.read_text(errors="replace")[-6000:])  # shown by pytest when the test fails


@pytest.fixture
def trainees():
    people = EmployeeFactory.create_batch(5, user__email="")
    enroll(cohort=CohortFactory(start_date=date(2026, 11, 16)), employees=people)
    return people


def send_daily_plans():
    from notifications.tasks import send_daily_plans_task

    send_daily_plans_task.apply_async(kwargs={"on": ON.isoformat()}, queue=QUEUE)


def assert_each_got_the_daily_plan_once(trainees) -> None:
    wait_for(lambda: ReminderLog.objects.filter(kind="daily_plan", day=ON).count() == 5, "the reminders")
    time.sleep(2)  # anything sent twice would have landed by now
    assert ReminderLog.objects.filter(kind="daily_plan", day=ON).count() == 5
    for trainee in trainees:
        assert Notification.objects.filter(user=trainee.user, kind="daily_plan").count() == 1


def test_reminders_arrive_once_when_the_pool_process_is_killed_mid_task(workers, trainees):
    worker = workers()
    # SHARE mode: the task reads the log but waits to write it, after inserting the notifications
    # (uncommitted) in the same transaction.
    lock = TableLock("notifications_reminderlog", "SHARE")
    try:
        send_daily_plans()
        wait_for(lambda: lock.waiting() == 1, "the task to wait on the lock")
        worker.kill_pool_process()
        # The message went back to the queue and the new pool process waits on the lock in turn.
        wait_for(lambda: "WorkerLostError" in worker.log.read_text(errors="replace"), "the lost pool process")
        wait_for(lambda: lock.waiting() >= 1, "the task to run again")
    finally:
        lock.release()
    assert_each_got_the_daily_plan_once(trainees)


def test_reminders_arrive_once_when_the_whole_worker_is_killed_and_restarted(workers, trainees):
    worker = workers(visibility_timeout=3)
    lock = TableLock("notifications_reminderlog", "SHARE")
    try:
        send_daily_plans()
        wait_for(lambda: lock.waiting() == 1, "the task to wait on the lock")
        worker.kill_everything()
    finally:
        lock.release()
    time.sleep(4)  # past the visibility timeout: Redis gives the message to the next worker
    assert ReminderLog.objects.filter(kind="daily_plan", day=ON).count() == 0  # the dead one committed nothing
    workers(visibility_timeout=3)
    assert_each_got_the_daily_plan_once(trainees)


def test_a_report_whose_worker_was_killed_is_failed_by_the_sweeper_and_built_on_retry(
    workers, client, django_capture_on_commit_callbacks, settings, tmp_path, monkeypatch
):
    from reports.services import request_report
    from reports.tasks import build_report_task
    from tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path
    trainer = UserFactory(roles=["trainer"])
    cohort = CohortFactory(start_date=date(2026, 11, 16))
    cohort.trainers.add(trainer)
    enroll(cohort=cohort, employees=EmployeeFactory.create_batch(3, user__email=""))
    with django_capture_on_commit_callbacks(execute=False):
        report = request_report(kind="cohort", params={"cohort_id": cohort.pk}, user=trainer)
    # A visibility timeout longer than the test: the dead worker's message does not come back here.
    worker = workers(visibility_timeout=3600)
    lock = TableLock("training_cohort", "ACCESS EXCLUSIVE")
    try:
        build_report_task.apply_async((report.pk,), queue=QUEUE)
        wait_for(lambda: lock.waiting() == 1, "the build to wait on the lock")
        wait_for(lambda: Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING, "the build's claim")
        worker.kill_everything()
    finally:
        lock.release()
    time.sleep(1)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING  # what a dead worker leaves
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert sweep_stalled_work_task() == 1
    assert Report.objects.get(pk=report.pk).status == ReportStatus.FAILED

    workers(visibility_timeout=3600)
    # The retry queues the build as the page does, on this module's queue.
    monkeypatch.setattr("reports.services.queue_build", lambda pk: build_report_task.apply_async((pk,), queue=QUEUE))
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("report_retry", args=[report.pk])).status_code == 302
    wait_for(lambda: Report.objects.get(pk=report.pk).status == ReportStatus.DONE, "the report")
