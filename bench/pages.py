"""Benchmark of every HR, trainer, mentor and trainee page at 10,000 employees, and a load run on gunicorn.

Run from the repository root::

    .venv/bin/pip install -r bench/requirements.txt   # httpx, for the load run
    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/bench_pages \
        [--employees 10000] [--days 250000] [--big 3000] [--runs 5] \
        [--users 50] [--seconds 120] [--port 8105] [--workers 5] [--no-load] [--write]

The benchmark never touches existing data: it works in the database named in the URL, which it creates and
drops at the end, or, if that database exists, uses only when it holds no table and empties again at the end.
``--seconds 0`` or ``--no-load`` skips the load run. The clock is held at ``ON`` (Thursday 2026-11-26, 09:00
Asia/Shanghai) in the benchmark and in the server.

1. **Fill** (``bench/_pages_data.py``): N employees (one mentor for every nine hires), a new-hire cohort of
   ``--big`` members on its plan day 9, six more new-hire cohorts (running, finished, to come) and refresher
   (回炉) cohorts until at least ``--days`` scheduled days exist; roll calls, exams, practicals, typing tests
   and shadowing logs of the big cohort, ten notifications a person, 40 reports.
2. **Pages**: every page of HR, the big cohort's trainer, a mentor of it and a trainee in it, through Django's
   test client with the production middleware and templates: one counted run (statements, status, size),
   then ``--runs`` timed ones (median and max). Target: every page under one second.
3. **Load**: gunicorn (``--workers`` sync workers on 127.0.0.1:``--port``) serving the portal plus
   ``/bench/ping/`` (``bench/_server.py``: login, session, one query, no template). ``--users`` logged-in
   virtual users (HR, trainers, mentors and trainees in the proportions 1:4:10:35) each loop for
   ``--seconds`` over their persona's pages, alternating every page with a ping, as fast as answers come
   (no think time), with an asyncio httpx client. Both kinds of request thus share the same load at the same
   moments; the report gives p50/p95/p99 and errors of each and the ratio of the p95s (target ≤ 3×, no error).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from _common import _admin_connection, cpu_model, database_version, setup_django
from _pages_data import ON, Portal, fill
from _pages_load import LoadResult, load_run, virtual_users

if TYPE_CHECKING:
    pass

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
MARK = "bench:pages"
TARGET_MS = 1000
TARGET_RATIO = 3.0
SLOW_SECONDS = 5.0


# --- The database --------------------------------------------------------------------------------


class Database:
    """The database named in the URL for the run: created if missing and dropped at the end; if it exists it
    must hold no table, and it is left empty again at the end (its public schema dropped and made anew)."""

    def __init__(self, url: str) -> None:
        self.parts = urlsplit(url)
        if self.parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise SystemExit("--database-url must be postgres://user@host:port/name")
        self.name = self.parts.path.lstrip("/")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.name):
            raise SystemExit(f"give the database a plain lower-case name, not {self.name!r}")
        self.url = urlunsplit(self.parts._replace(scheme="postgres"))
        self.created = False

    def _admin(self, statement: str) -> list[tuple[Any, ...]]:
        admin = _admin_connection(self.parts)
        try:
            with admin.cursor() as cursor:
                cursor.execute(statement, [self.name] if "%s" in statement else None)
                return cursor.fetchall() if cursor.description else []
        finally:
            admin.close()

    def _own(self, statement: str) -> list[tuple[Any, ...]]:
        import psycopg2

        own = psycopg2.connect(urlunsplit(self.parts._replace(scheme="postgresql")))
        own.autocommit = True
        try:
            with own.cursor() as cursor:
                cursor.execute(statement)
                return cursor.fetchall() if cursor.description else []
        finally:
            own.close()

    def __enter__(self) -> str:
        if self._admin("SELECT 1 FROM pg_database WHERE datname = %s"):
            if self._own("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' LIMIT 1"):
                raise SystemExit(f"database {self.name} holds tables: give the name of a new or empty database")
        else:
            self._admin(f'CREATE DATABASE "{self.name}"')
            self.created = True
        return self.url

    def __exit__(self, *exc: object) -> None:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            self._own("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


# --- The pages -----------------------------------------------------------------------------------


@dataclass
class Page:
    persona: str
    label: str
    url: str


def pages_of(portal: Portal) -> list[Page]:
    """Every page of each persona at the big cohort, its trainee, their mentor (GET, answering 200)."""
    from django.urls import reverse

    from assessments.models import Attempt, PracticalAssessment, Rubric, TypingPassage, TypingResult
    from reports.models import Report
    from training.models import Enrollment

    big, trainee = portal.big, portal.trainee
    enrollment = Enrollment.objects.get(cohort=big, employee=trainee)
    practical = PracticalAssessment.objects.filter(employee=trainee).first()
    rubric = Rubric.objects.order_by("pk").first()
    typing = TypingResult.objects.filter(employee=trainee).first()
    passage = TypingPassage.objects.filter(is_active=True).order_by("pk").first()
    report = Report.objects.filter(requested_by=portal.trainer).order_by("-pk").first()
    attempt = Attempt.objects.filter(employee=trainee).order_by("pk").first()
    assert practical and rubric and typing and passage and report and attempt
    on = ON.isoformat()

    def url(name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs=kwargs or None)

    staff_common = [
        ("cohort list", url("cohort_list")),
        ("cohort detail (big)", url("cohort_detail", pk=big.pk)),
        ("cohort calendar (big)", url("cohort_calendar", pk=big.pk)),
        ("roll call (big, today)", url("roll_call", pk=big.pk, on=on)),
        ("exam alerts", url("exam_alerts")),
        ("go-live", url("go_live", pk=enrollment.pk)),
        ("practicals (big)", url("cohort_practicals", pk=big.pk)),
        ("practical score", url("practical_score", pk=big.pk, employee_pk=trainee.pk, code=rubric.code)),
        ("practical result", url("practical_result", pk=big.pk, assessment_pk=practical.pk)),
        ("rating averages", url("rating_averages")),
        ("typing result", url("typing_result", pk=typing.pk)),
        ("typing of a trainee", url("typing_employee", pk=trainee.pk)),
        ("question import", url("question_import")),
        ("reports", url("report_list")),
        ("report", url("report_detail", pk=report.pk)),
        ("report status", url("report_status", pk=report.pk)),
        ("notifications", url("notification_list")),
        ("notification settings", url("notification_settings")),
        ("admin index", url("admin:index")),
    ]
    hr = [
        ("HR dashboard", url("hr_dashboard")),
        ("trainer dashboard (all cohorts)", url("trainer_dashboard")),
        *staff_common,
        ("new cohort", url("cohort_create")),
        ("move start", url("cohort_move", pk=big.pk)),
        ("add a hire", url("hire_add", pk=big.pk)),
        ("add members", url("members_add", pk=big.pk)),
        ("assign mentors (big)", url("mentors_assign", pk=big.pk)),
        ("employee", url("employee_detail", pk=trainee.pk)),
        ("change status", url("employee_status", pk=trainee.pk)),
        ("extend", url("enrollment_extend", pk=enrollment.pk)),
        ("roster upload", url("roster_upload", pk=big.pk)),
    ]
    trainer = [("trainer dashboard", url("trainer_dashboard")), *staff_common]
    mentor = [
        ("mentor home", url("mentor_home")),
        ("roll call (mentees, today)", url("roll_call", pk=big.pk, on=on)),
        ("go-live", url("go_live", pk=enrollment.pk)),
        ("typing tests", url("typing_list")),
        ("typing of a mentee", url("typing_employee", pk=trainee.pk)),
        ("notifications", url("notification_list")),
    ]
    trainee_pages = [
        ("today", url("today")),
        ("week", url("week")),
        ("exam", url("exam_detail", code="business-knowledge")),
        ("exam result", url("attempt_result", pk=attempt.pk)),
        ("wrong-answer notebook", url("notebook")),
        ("typing tests", url("typing_list")),
        ("typing test", url("typing_test", pk=passage.pk)),
        ("rate sessions (day 1)", url("rate_sessions", pk=enrollment.pk, on=big.start_date.isoformat())),
        ("notifications", url("notification_list")),
    ]
    return [
        Page(persona, label, address)
        for persona, rows in (("hr", hr), ("trainer", trainer), ("mentor", mentor), ("trainee", trainee_pages))
        for label, address in rows
    ]


@dataclass
class Timing:
    page: Page
    status: int
    queries: int
    kilobytes: float
    seconds: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.seconds)

    @property
    def max_ms(self) -> float:
        return 1000 * max(self.seconds)


def time_pages(portal: Portal, runs: int, skip: set[str]) -> list[Timing]:
    """One counted run of each page (but those labelled in `skip`), then `runs` timed ones; a page whose
    counted run took over SLOW_SECONDS keeps that run as its only time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = {"hr": portal.hr, "trainer": portal.trainer, "mentor": portal.mentor.user, "trainee": portal.trainee.user}
    clients: dict[str, Client] = {}
    for persona, user in users.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    timings = []
    for page in pages_of(portal):
        if page.label in skip:
            print(f"  {page.persona:<8} {page.label:<34} skipped", file=sys.stderr)
            continue
        client = clients[page.persona]
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        counted = time.perf_counter() - started
        timing = Timing(page, response.status_code, len(captured.captured_queries), len(response.content) / 1024)
        if counted > SLOW_SECONDS:  # far over the target: the counted run stands for the page, to keep the run short
            timing.seconds.append(counted)
        for _run in range(0 if timing.seconds else runs):
            started = time.perf_counter()
            client.get(page.url)
            timing.seconds.append(time.perf_counter() - started)
        flag = "" if response.status_code == 200 else f"  ← {response.status_code}"
        print(
            f"  {page.persona:<8} {page.label:<34} {timing.median_ms:8.1f} ms  {timing.queries:3d} q{flag}",
            file=sys.stderr,
        )
        timings.append(timing)
    return timings


def explain_progress(portal: Portal) -> str:
    """EXPLAIN ANALYZE of the two statements that count progress on the cohort list (all cohorts of a page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from training.models import Cohort
    from training.selectors import cohorts_with_progress

    with CaptureQueriesContext(connection) as captured:
        cohorts_with_progress(list(Cohort.objects.all()[:50]), ON)
    plans = []
    with connection.cursor() as cursor:
        for statement in [q["sql"] for q in captured.captured_queries][1:]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(plans)


# --- Reporting -----------------------------------------------------------------------------------


def uptime_load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return "RAM unknown"


def report(
    portal: Portal, timings: list[Timing], runs: int, load: LoadResult | None, args: Any, loads: dict[str, str]
) -> str:
    import django

    _vendor, database = database_version()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        f"Run on {args.started:%Y-%m-%d} (UTC) · {cpu_model()}, {cores} cores, {memory_gb()} · "
        f"Python {platform.python_version()} · Django {django.get_version()} · {database}",
        "",
        f"`{shlex.join(['bench/pages.py', *sys.argv[1:]])}`",
        "",
        f"{portal.employees:,} employees, {portal.scheduled_days:,} scheduled days, {portal.cohorts} cohorts; the big "
        f"cohort has {args.big:,} members. " + ", ".join(f"{n:,} {what}" for what, n in portal.counts.items()) + ".",
        "",
        f"#### Pages (test client, median and max of {runs} runs after one counted run; load average {loads['pages']})",
        "",
        "| persona | page | median ms | max ms | runs | queries | KB | under 1 s |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for t in timings:
        ok = "yes" if t.status == 200 and t.max_ms < TARGET_MS else ("**no**" if t.status == 200 else f"**{t.status}**")
        lines.append(
            f"| {t.page.persona} | {t.page.label} | {t.median_ms:.1f} | {t.max_ms:.1f} | {len(t.seconds)} | "
            f"{t.queries} | {t.kilobytes:.0f} | {ok} |"
        )
    for label in args.skip:
        lines.append(f"| — | {label} | not measured (`--skip`) | | | | | **no** |")
    slowest = max(timings, key=lambda t: t.max_ms)
    met = not args.skip and all(t.status == 200 and t.max_ms < TARGET_MS for t in timings)
    lines += [
        "",
        f"Slowest page: {slowest.page.persona} · {slowest.page.label}, {slowest.max_ms:.0f} ms at most "
        f"(target < {TARGET_MS} ms: {'met' if met else '**missed**'}).",
    ]
    if load is not None:
        pct = LoadResult.percentile
        ratio = pct(load.pages, 95) / pct(load.pings, 95) if load.pings else float("inf")
        errors = len(load.page_errors) + len(load.ping_errors)
        lines += [
            "",
            f"#### Load run (gunicorn, {args.workers} sync workers on 127.0.0.1; {args.users} users for "
            f"{args.seconds:.0f} s; load average {loads['load']} before, {loads['after']} after)",
            "",
            "| requests | count | per second | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, values, errs in (
            ("persona pages", load.pages, load.page_errors),
            ("`/bench/ping/` (one query)", load.pings, load.ping_errors),
        ):
            lines.append(
                f"| {name} | {len(values):,} | {len(values) / load.seconds:.1f} | {pct(values, 50):.0f} | "
                f"{pct(values, 95):.0f} | {pct(values, 99):.0f} | {len(errs)} |"
            )
        verdict = "met" if ratio <= TARGET_RATIO and errors == 0 else "**missed**"
        lines += [
            "",
            f"p95 ratio pages / ping: **{ratio:.2f}×**, errors: **{errors}** "
            f"(target ≤ {TARGET_RATIO:g}×, 0 errors: {verdict}).",
        ]
        if errors:
            sample = sorted(set(load.page_errors + load.ping_errors))[:5]
            lines.append(f"First errors: {', '.join(sample)}")
    return "\n".join(lines)


def write_section(doc: Path, block: str) -> None:
    text = doc.read_text(encoding="utf-8")
    found = re.search(rf"(<!-- {MARK} -->\n)(.*?)(<!-- /{MARK} -->)", text, re.DOTALL)
    if found is None:
        raise SystemExit(f"{doc} has no <!-- {MARK} --> … <!-- /{MARK} --> section")
    doc.write_text(text[: found.start(2)] + block + "\n" + text[found.end(2) :], encoding="utf-8")


# --- Command line --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="postgres://user@host:port/name (created, then dropped)")
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=250_000, help="scheduled days at least (250000)")
    parser.add_argument("--big", type=int, default=3_000, help="members of the big cohort (3000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page (5)")
    parser.add_argument("--users", type=int, default=50, help="virtual users of the load run (50)")
    parser.add_argument("--seconds", type=float, default=120, help="length of the load run (120; 0: none)")
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (5 = 2 × cores + 1 here)")
    parser.add_argument("--no-load", action="store_true", help="skip the load run")
    parser.add_argument("--explain", action="store_true", help="print the plans of the cohort-progress statements")
    parser.add_argument("--skip", action="append", default=[], metavar="LABEL", help="leave out a page by its label")
    parser.add_argument("--write", action="store_true", help=f"update the results in {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.big < 1 or args.employees <= args.big:
        parser.error("--runs and --big must be 1 or more, and --employees more than --big")

    import time_machine

    args.started = datetime.now(UTC)  # before the clock is held at ON
    with (
        Database(args.database_url) as url,
        time_machine.travel(datetime(ON.year, ON.month, ON.day, 1, tzinfo=UTC), tick=True),
    ):
        setup_django(url)
        loads = {"fill": uptime_load()}
        portal = fill(employees=args.employees, days=args.days, big=args.big)
        if args.explain:
            print(explain_progress(portal), file=sys.stderr)
        loads["pages"] = uptime_load()
        timings = time_pages(portal, args.runs, set(args.skip))
        load = None
        if args.seconds > 0 and not args.no_load:
            users = virtual_users(portal, [t.page for t in timings], args.users)
            loads["load"] = uptime_load()
            load = load_run(url, users, seconds=args.seconds, port=args.port, workers=args.workers)
            loads["after"] = uptime_load()
        block = report(portal, timings, args.runs, load, args, loads)
    print(block)
    if args.write:
        write_section(DOC, block)
        print(f"\nwritten to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
