"""What the benchmarks share: a throw-away database, production-like settings, the staff and hires every
cohort needs, what a SQL statement does, the machine and database a run was on, and the command line and
``docs/performance.md`` section that show and keep the results.

A helper module, not a benchmark: the scripts next to it import it (``bench/`` is on ``sys.path`` when one of
them is run as ``.venv/bin/python bench/<script>.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from assessments.models import Attempt, Exam
    from employees.models import Employee
    from training.models import Cohort, Enrollment

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START = date(2026, 11, 16)  # a Monday, the start date the tests use
VENDOR_TITLES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


# --- The throw-away database -------------------------------------------------------------------


def _admin_connection(parts: Any) -> Any:
    """A connection in autocommit mode to a maintenance database of the server in `parts`."""
    import psycopg2

    error: Exception | None = None
    for maintenance in ("postgres", "template1"):
        dsn = urlunsplit(parts._replace(scheme="postgresql", path=f"/{maintenance}"))
        try:
            admin = psycopg2.connect(dsn)
        except psycopg2.OperationalError as exc:
            error = exc
            continue
        admin.autocommit = True
        return admin
    raise SystemExit(f"Cannot connect to the PostgreSQL server: {error}")


@contextmanager
def throwaway_database(url: str | None) -> Iterator[str]:
    """Yield the DATABASE_URL of a new, empty database, and remove that database on exit."""
    if not url or url.startswith("sqlite:"):
        folder = tempfile.mkdtemp(prefix="bench_kefu_")
        try:
            yield f"sqlite:///{folder}/bench.sqlite3"
        finally:
            _close_django_connections()
            shutil.rmtree(folder, ignore_errors=True)
        return

    from psycopg2 import sql

    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"--database-url must be postgres://… or sqlite://…, not {parts.scheme}://")
    name = f"bench_kefu_{os.getpid()}"
    admin = _admin_connection(parts)
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        admin.close()
    try:
        yield urlunsplit(parts._replace(scheme="postgres", path=f"/{name}"))
    finally:
        _close_django_connections()
        admin = _admin_connection(parts)
        try:
            force = sql.SQL(" WITH (FORCE)") if admin.server_version >= 130000 else sql.SQL("")
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)) + force)
        finally:
            admin.close()


def _close_django_connections() -> None:
    """Let go of the benchmark database so that it can be dropped or deleted."""
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def setup_django(database_url: str) -> None:
    """Configure production-like settings on the given database and migrate it."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


# --- Data ---------------------------------------------------------------------------------------


@dataclass
class Staff:
    """The people every cohort of the benchmark needs besides its hires."""

    hr: User
    trainer: User
    mentor: Employee


def make_staff() -> Staff:
    """HR, a trainer for the cohorts and a mentor for every hire, as the portal would hold them."""
    from django.contrib.auth.models import Group, User

    from employees.models import PositionClass, Status, Tier
    from employees.roles import Role
    from employees.services import create_employee

    hr = User.objects.create_user("bench-hr", first_name="周敏", is_staff=True)
    hr.groups.add(Group.objects.get(name=Role.HR))
    trainer = User.objects.create_user("bench-trainer", first_name="李雪", is_staff=True)
    trainer.groups.add(Group.objects.get(name=Role.TRAINER))
    mentor = create_employee(
        employee_no="bench-mentor",
        name="王师傅",
        position_class=PositionClass.AFTER_SALE,
        tier=Tier.VETERAN,
        by=hr,
        roles=[Role.MENTOR],
    )
    mentor.status = Status.LIVE
    mentor.save(update_fields=["status"])
    return Staff(hr=hr, trainer=trainer, mentor=mentor)


def make_hires(count: int, tag: str, mentor: Employee) -> list[Employee]:
    """`count` pre-onboarding hires in bulk: what create_employee() writes, a few INSERTs in all."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User

    from employees.models import Employee, PositionClass, StatusChange, Tier
    from employees.roles import Role

    unusable = make_password(None)  # like create_employee() without a password
    users = User.objects.bulk_create(
        [User(username=f"{tag}-{i:04d}", first_name=f"学员{tag}-{i}", password=unusable) for i in range(count)]
    )
    trainee_role = Group.objects.get(name=Role.TRAINEE)
    membership = User.groups.through
    membership.objects.bulk_create([membership(user_id=u.pk, group_id=trainee_role.pk) for u in users])
    classes = PositionClass.values
    employees = Employee.objects.bulk_create(
        [
            Employee(
                user=user,
                employee_no=f"{tag}-{i:04d}",
                name=user.first_name,
                position_class=classes[i % len(classes)],
                tier=Tier.NEW_HIRE,
                hire_date=START,
                mentor=mentor,
            )
            for i, user in enumerate(users)
        ]
    )
    StatusChange.objects.bulk_create(
        [StatusChange(employee=e, from_status="", to_status=e.status, reason="Hired") for e in employees]
    )
    return employees


def hired_cohort(count: int, tag: str, staff: Staff) -> tuple[Cohort, list[Employee]]:
    """A new-hire cohort named after `tag` that starts on START, with its trainer, and `count` new hires (not
    enrolled yet) whose mentor is the staff's."""
    from employees.models import Tier
    from training.services import create_cohort

    hires = make_hires(count, tag, staff.mentor)
    cohort = create_cohort(
        name=f"新人批 {tag}", tier=Tier.NEW_HIRE, start_date=START, trainers=[staff.trainer], by=staff.hr
    )
    return cohort, hires


def exam_sittings(
    enrollments: Iterable[Enrollment], rng: random.Random
) -> Iterator[tuple[Enrollment, Exam, int, bool]]:
    """(enrollment, exam, sitting number, whether business-knowledge is retaken) of every exam each trainee sat:
    the handbook quiz, business systems and business knowledge once, and for one in three (drawn by `rng`)
    business knowledge a second time."""
    from assessments.models import Exam

    exams = {
        e.code: e for e in Exam.objects.filter(code__in=["handbook-quiz", "business-knowledge", "business-systems"])
    }
    for e in enrollments:
        sittings = [("handbook-quiz", 1), ("business-systems", 1), ("business-knowledge", 1)]
        if rng.random() < 1 / 3:
            sittings.append(("business-knowledge", 2))
        for code, number in sittings:
            yield e, exams[code], number, len(sittings) == 4


def submitted_attempt(exam: Exam, employee: Employee, number: int, percent: Decimal, at: datetime) -> Attempt:
    """Sitting `number` of `exam` by `employee`, started at `at` and submitted half an hour later with
    `percent` (unsaved)."""
    from assessments.models import Attempt, AttemptStatus

    return Attempt(
        exam=exam,
        employee=employee,
        number=number,
        status=AttemptStatus.SUBMITTED,
        started_at=at,
        deadline=at + timedelta(minutes=exam.time_limit_minutes),
        submitted_at=at + timedelta(minutes=30),
        max_score=Decimal(100),
        score=percent,
        percent=percent,
        passed=percent >= exam.pass_mark,
    )


def add_typing_results(enrollments: Iterable[Enrollment], last: datetime, rng: random.Random) -> None:
    """Two typing tests of each enrolled trainee, on the day of `last` and the day before, scores drawn by `rng`."""
    from assessments.models import TypingPassage, TypingResult

    passage = TypingPassage.objects.order_by("pk").first()
    TypingResult.objects.bulk_create(
        (
            TypingResult(
                employee=e.employee,
                passage=passage,
                started_at=last - timedelta(days=k),
                finished_at=last - timedelta(days=k) + timedelta(minutes=2),
                typed_text="您好，欢迎光临本店",
                characters=150,
                correct_characters=140,
                cpm=Decimal(rng.randint(40, 110)),
                accuracy=Decimal(rng.randint(85, 100)),
                passed=rng.random() < 0.7,
            )
            for e in enrollments
            for k in range(2)
        ),
        batch_size=5000,
    )


# --- Statements and machines --------------------------------------------------------------------


_TABLE_RE = re.compile(r'^(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?|\bFROM\s+"?(\w+)"?', re.IGNORECASE)


def statement_kind(sql: str) -> str:
    """`INSERT training_scheduledday`, `SELECT employees_employee`, `SAVEPOINT`…: what a statement does to what."""
    verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
    if verb in {"SAVEPOINT", "RELEASE", "ROLLBACK"}:
        return "SAVEPOINT"
    match = _TABLE_RE.search(sql)
    table = (match.group(1) or match.group(2)) if match else ""
    return f"{verb} {table}".strip()


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, or what the platform module knows."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        lines = []
    for line in lines:
        key, _sep, value = line.partition(":")
        if key.strip() in {"model name", "Hardware", "Processor", "cpu model"} and value.strip():
            return value.strip()
    return platform.processor() or platform.machine() or "unknown CPU"


def database_version() -> tuple[str, str]:
    """The vendor key (postgresql, sqlite) and a readable name with the server's version."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return connection.vendor, f"PostgreSQL {cursor.fetchone()[0]}"
    if connection.vendor == "sqlite":
        return connection.vendor, f"SQLite {connection.Database.sqlite_version}"
    return connection.vendor, connection.display_name


def machine(*parts: str) -> str:
    """Where and with what a run was made: the date, the CPU and its cores, Python and Django, then `parts` (the
    database, other versions…)."""
    import django

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return " · ".join(
        [
            f"Run on {datetime.now(UTC):%Y-%m-%d} (UTC)",
            f"{cpu_model()}, {cores} cores",
            f"Python {platform.python_version()}",
            f"Django {django.get_version()}",
            *parts,
        ]
    )


# --- Command line and results -------------------------------------------------------------------


def database_url_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:port/any to benchmark on a new database on that server; "
        "default: a temporary SQLite file",
    )


def write_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--write", action="store_true", help=f"update the results in {DOC.relative_to(ROOT)}")


def write_section(mark: str, block: str, vendor: str | None = None) -> None:
    """Put `block` between the `<!-- mark -->` markers of docs/performance.md. With `vendor`, as that database's
    block (between `<!-- mark:vendor -->` markers), keeping the other databases' blocks."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"(<!-- {mark} -->\n)(.*?)(<!-- /{mark} -->)", text, re.DOTALL)
    if found is None:
        raise SystemExit(f"{DOC} has no <!-- {mark} --> … <!-- /{mark} --> section")
    if vendor is None:
        section = block + "\n"
    else:
        inner = re.compile(rf"<!-- {mark}:(\w+) -->\n.*?<!-- /{mark}:\1 -->", re.DOTALL)
        blocks = {m.group(1): m.group(0) for m in inner.finditer(found.group(2))}
        blocks[vendor] = f"<!-- {mark}:{vendor} -->\n{block}\n<!-- /{mark}:{vendor} -->"
        order = [v for v in VENDOR_TITLES if v in blocks] + sorted(set(blocks) - set(VENDOR_TITLES))
        section = "\n\n".join(blocks[v] for v in order) + "\n"
    DOC.write_text(text[: found.start(2)] + section + text[found.end(2) :], encoding="utf-8")


def publish(block: str, *, write: bool, mark: str, vendor: str | None = None) -> None:
    """Print the results; with --write (`write`), also put them in docs/performance.md (see `write_section`)."""
    print(block)
    if write:
        write_section(mark, block, vendor)
        print(f"\nwritten to {DOC.relative_to(ROOT)}", file=sys.stderr)


def results_heading(*parts: str) -> tuple[str, list[str]]:
    """The database's vendor key, and the first lines of its results: its name as a heading, then the machine
    (`machine`, with the database and `parts`)."""
    vendor, database = database_version()
    return vendor, [f"### {VENDOR_TITLES.get(vendor, vendor)}", "", machine(database, *parts), ""]


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The benchmark's own options from `parser`, then --database-url and --write, parsed from `argv`."""
    database_url_argument(parser)
    write_argument(parser)
    return parser.parse_args(argv)


def run_and_publish(args: argparse.Namespace, *, mark: str, run: Callable[[], tuple[str, str]]) -> int:
    """`run` (which returns the vendor key and the results block) on a throw-away database (--database-url) set
    up for Django, then its results printed, and with --write stored (`publish`)."""
    with throwaway_database(args.database_url) as url:
        setup_django(url)
        vendor, block = run()
    publish(block, write=args.write, mark=mark, vendor=vendor)
    return 0
