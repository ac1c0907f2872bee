"""Benchmark of the 08:00 reminders: today's plan for 10,000 trainees, by the service and by a worker.

Run from the repository root::

    .venv/bin/python bench/reminders.py --database-url postgres://postgres@127.0.0.1:5432/bench_kefu \\
        --broker-url redis://127.0.0.1:6379/11 [--trainees 10000] [--batch-size 500] [--runs 3] [--write]

Like ``bench/scheduling.py`` (whose throw-away database and reporting helpers, in
``bench/_common.py``, it shares), it never touches an existing database: with
``postgres://user@host:port/any`` it creates ``bench_kefu_<pid>`` on that server, migrates it and
drops it at the end; without ``--database-url`` it works in a temporary SQLite file.

It bulk-creates N trainees, each with a login and an e-mail address, in cohorts of 1,000 that
started on Monday 2026-11-16 (with a trainer and a mentor), so that every one of them has plan day
4 on 2026-11-19. Then it measures ``training.reminders.send_daily_plans(on=2026-11-19)``:

* called directly, once under ``CaptureQueriesContext`` to count its statements and split them by
  batch (untimed), then ``--runs`` times on the clock, the notifications and reminder logs being
  emptied before each run. Each run also queues one e-mail task per trainee on the broker, as
  production does at 08:00.
* with ``--broker-url redis://…``, through a real worker: one ``celery worker --pool=solo``
  process on that Redis and the benchmark's database, the task sent with ``apply_async`` and timed
  until its result is back (every notification written, every e-mail queued), then until the same
  worker has sent every e-mail (Django's in-memory mail backend stands in for the mail server).
  The broker's queue is purged first: use a Redis database of your own.

The settings are production-like (``DEBUG=false``).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

# bench/ is on sys.path when this file is run
from _common import ROOT, hired_cohort, make_staff, parse_arguments, results_heading, run_and_publish, statement_kind

MARK = "bench:reminders"
ON = date(2026, 11, 19)  # plan day 4 of cohorts that started on START
COHORT_SIZE = 1000
TARGET_SECONDS = 60


# --- Data ---------------------------------------------------------------------------------------


def make_trainees(count: int) -> None:
    """`count` trainees with e-mail addresses in cohorts of COHORT_SIZE, enrolled and scheduled."""
    from django.contrib.auth.models import User
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from training.services import enroll

    staff = make_staff()
    done = 0
    number = 0
    while done < count:
        number += 1
        size = min(COHORT_SIZE, count - done)
        tag = f"c{number:02d}"
        cohort, hires = hired_cohort(size, tag, staff)
        enroll(cohort=cohort, employees=hires)
        done += size
        print(f"  {done} trainees enrolled", file=sys.stderr)
    User.objects.filter(employee__isnull=False).exclude(pk=staff.mentor.user_id).update(
        email=Concat(F("username"), Value("@example.com"))
    )


def clear_reminders() -> None:
    """Forget every notification and reminder log, so that the next run sends everything again."""
    from django.db import connection

    from notifications.models import Notification, ReminderLog

    tables = [ReminderLog._meta.db_table, Notification._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names


def check_sent(expected: int) -> None:
    from notifications.models import Notification, ReminderLog

    notes, logs = Notification.objects.count(), ReminderLog.objects.count()
    if notes != expected or logs != expected:
        raise SystemExit(f"expected {expected} notifications and logs, found {notes} and {logs}")


# --- Measuring ----------------------------------------------------------------------------------


@dataclass
class Direct:
    """The service called in this process: timed runs and the statements of the counted run."""

    seconds: list[float]
    statements: list[str] = field(repr=False)

    def batches(self) -> tuple[list[str], list[list[str]]]:
        """The statements before the first batch, and those of each batch. A batch starts with
        the page of scheduled days (SELECT training_scheduledday)."""
        head: list[str] = []
        batches: list[list[str]] = []
        for sql in self.statements:
            kind = statement_kind(sql)
            if kind == "SELECT training_scheduledday":
                batches.append([])
            (batches[-1] if batches else head).append(kind)
        return head, batches


@dataclass
class OnWorker:
    reminders_seconds: float
    emails_seconds: float | None
    sent: int


def run_direct(count: int, batch_size: int, runs: int) -> Direct:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.reminders import send_daily_plans

    clear_reminders()
    with CaptureQueriesContext(connection) as captured:
        sent = send_daily_plans(on=ON, batch_size=batch_size)
    statements = [q["sql"] for q in captured.captured_queries]
    if sent != count:
        raise SystemExit(f"send_daily_plans() sent {sent}, expected {count}")
    check_sent(count)
    seconds = []
    for _run in range(runs):
        clear_reminders()
        started = time.perf_counter()
        send_daily_plans(on=ON, batch_size=batch_size)
        seconds.append(time.perf_counter() - started)
        check_sent(count)
        print(f"  send_daily_plans() directly: {seconds[-1]:.1f} s", file=sys.stderr)
    return Direct(seconds=seconds, statements=statements)


def start_worker() -> subprocess.Popen[bytes]:
    """One worker process, solo pool, on the benchmark's database and broker (from the environment)."""
    env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def wait_for(worker: subprocess.Popen[bytes], seconds: float = 60) -> None:
    from config.celery import app

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited with {worker.returncode}")
        if app.control.ping(timeout=1):
            return
    raise SystemExit("the worker did not answer within a minute")


def stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def run_on_worker(count: int, timeout: float) -> OnWorker:
    from config.celery import app
    from notifications.models import Notification
    from notifications.tasks import send_daily_plans_task

    clear_reminders()
    app.control.purge()  # the e-mail tasks the direct runs queued
    worker = start_worker()
    try:
        wait_for(worker)
        started = time.perf_counter()
        sent = send_daily_plans_task.apply_async(kwargs={"on": ON.isoformat()}).get(timeout=timeout)
        reminders = time.perf_counter() - started
        print(f"  training.send_daily_plans on a worker: {reminders:.1f} s", file=sys.stderr)
        if sent != count:
            raise SystemExit(f"the worker's task sent {sent}, expected {count}")
        check_sent(count)
        emails: float | None = None
        while time.perf_counter() - started < timeout:
            if Notification.objects.filter(emailed_at__isnull=True).count() == 0:
                emails = time.perf_counter() - started
                break
            time.sleep(0.5)
        if emails is not None:
            print(f"  …and every e-mail sent: {emails:.1f} s", file=sys.stderr)
        return OnWorker(reminders_seconds=reminders, emails_seconds=emails, sent=sent)
    finally:
        stop(worker)


# --- Reporting ----------------------------------------------------------------------------------


def describe_batches(direct: Direct, batch_size: int) -> list[str]:
    """Statements up front, per batch (they must be the same in every batch), and in all."""
    head, batches = direct.batches()
    # When the number of trainees is a multiple of the batch size, one more page comes back empty.
    tail = batches.pop() if batches and batches[-1] == ["SELECT training_scheduledday"] else None
    shapes = Counter(tuple(b) for b in batches)
    lines = [
        f"- Up front: {len(head)} statements ({', '.join(f'`{k}`' for k in head)}).",
        f"- {len(batches)} batches of up to {batch_size} trainees, "
        + (
            f"{len(batches[0])} statements in every one: {', '.join(f'`{k}`' for k in batches[0])}."
            if len(shapes) == 1
            else "**batches differ**: " + "; ".join(f"{len(s)} statements × {n}" for s, n in shapes.items()) + "."
        ),
    ]
    if tail is not None:
        lines.append("- Then the page after the last one, which comes back empty: 1 statement.")
    lines.append(f"- In all {len(direct.statements)} statements.")
    return lines


def report(
    count: int, batch_size: int, runs: int, direct: Direct, worker: OnWorker | None, broker: str
) -> tuple[str, str]:
    vendor, heading = results_heading(f"broker {broker}")
    median = statistics.median(direct.seconds)
    rows = [
        "| operation | trainees | seconds | per trainee | within 60 s |",
        "|---|---:|---:|---:|---|",
        f"| `send_daily_plans()` called directly (median of {runs}; "
        f"{min(direct.seconds):.1f}–{max(direct.seconds):.1f} s) | {count} | {median:.1f} | "
        f"{1000 * median / count:.2f} ms | {'yes' if median <= TARGET_SECONDS else '**no**'} |",
    ]
    if worker is not None:
        rows.append(
            f"| `training.send_daily_plans` on one worker, until its result is back | {count} | "
            f"{worker.reminders_seconds:.1f} | {1000 * worker.reminders_seconds / count:.2f} ms | "
            f"{'yes' if worker.reminders_seconds <= TARGET_SECONDS else '**no**'} |"
        )
        if worker.emails_seconds is not None:
            rows.append(
                f"| …and until the same worker has sent every e-mail | {count} | {worker.emails_seconds:.1f} | "
                f"{1000 * worker.emails_seconds / count:.2f} ms | (not a target) |"
            )
        else:
            rows.append(f"| …and until the same worker has sent every e-mail | {count} | timed out | | |")
    block = "\n".join(
        [
            *heading,
            f"`--trainees {count} --batch-size {batch_size} --runs {runs}`; every trainee has an e-mail address.",
            "",
            *rows,
            "",
            "Queries of the counted run:",
            "",
            *describe_batches(direct, batch_size),
        ]
    )
    return vendor, block


# --- Command line -------------------------------------------------------------------------------


def positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError("give 1 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on a throw-away database, print the results, and with --write store them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=positive, default=10_000, help="trainees with a plan day (10000)")
    parser.add_argument("--batch-size", type=positive, default=500, help="batch size of the service (500)")
    parser.add_argument("--runs", type=positive, default=3, help="timed direct runs (3)")
    parser.add_argument(
        "--broker-url",
        help="redis://host:port/db of your own: also run the task on a real worker (its queue is purged); "
        "default: no worker, e-mail tasks go to a temporary filesystem broker",
    )
    parser.add_argument("--result-backend", help="for the worker's result (default: the broker URL)")
    parser.add_argument("--timeout", type=positive, default=900, help="seconds to wait for the worker (900)")
    args = parse_arguments(parser, argv)

    scratch = tempfile.TemporaryDirectory(prefix="bench_kefu_celery_")
    if args.broker_url:
        if not args.broker_url.startswith(("redis://", "rediss://", "redis+socket://")):
            parser.error("--broker-url must be a Redis URL")
        os.environ["CELERY_BROKER_URL"] = args.broker_url
        os.environ["CELERY_RESULT_BACKEND"] = args.result_backend or args.broker_url
    else:
        os.environ["CELERY_BROKER_URL"] = "filesystem://"
        os.environ["CELERY_DATA_DIR"] = scratch.name
    broker = re.sub(r"//[^@/]*@", "//", os.environ["CELERY_BROKER_URL"]).split("://")[0]

    def run() -> tuple[str, str]:
        print(f"{args.trainees} trainees", file=sys.stderr)
        make_trainees(args.trainees)
        direct = run_direct(args.trainees, args.batch_size, args.runs)
        worker = run_on_worker(args.trainees, args.timeout) if args.broker_url else None
        return report(args.trainees, args.batch_size, args.runs, direct, worker, broker)

    with scratch:
        return run_and_publish(args, mark=MARK, run=run)


if __name__ == "__main__":
    sys.exit(main())
