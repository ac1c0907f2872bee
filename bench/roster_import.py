"""Benchmark of the roster import: ours, django-import-export, and the floor, at 10,000 rows.

Run from the repository root (django-import-export is a benchmark-only dependency)::

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/roster_import.py --database-url postgres://postgres@127.0.0.1:5432/bench_kefu [--write]

Like ``bench/scheduling.py`` it never touches an existing database: it creates ``bench_kefu_<pid>`` on the server
(or a temporary SQLite file without ``--database-url``), migrates it, and drops it at the end.

The same roster is imported three ways into the same tables, each into its own new-hire cohort starting on a
Monday at least a week ahead (so nobody's training starts during the import), with its own employee numbers:

* **ours**: ``training.roster.run_roster_import`` on a confirmed ``RosterImport``, what the confirm button (or
  the ``employees.import_roster`` task) runs: read the stored file with openpyxl (read-only), check every row
  and column (required fields, class and tier words, phone, e-mail, dates, mentors, numbers taken in the file
  and in the portal, a plan per class), then one transaction of bulk inserts (logins with unusable passwords,
  trainee role, ``Preference(must_set_password)``, employees, "Hired" status changes, the mentor role) and
  ``training.services.enroll`` (enrollments, scheduled days, trainings due).
* **django-import-export**: a ``ModelResource`` for ``Employee`` (below) imported with ``import_data(dry_run=False)``
  in one transaction, as its admin does after the preview. Per row it validates with ``full_clean`` (the phone
  validator, the unique 工号), looks the mentor up by 工号, and in its save hooks creates the login (unusable
  password), the trainee role, the preference and the "Hired" status change; ``after_import`` calls the same
  ``enroll()`` for all rows at once. It is given its documented speed options (``CachedInstanceLoader``,
  ``skip_diff``). What it does not do that ours does: refuse duplicates within the file (a repeated 工号 would
  update the first row), check logins already taken before writing, e-mail validation, Chinese dates as text.
* **floor**: openpyxl read-only and ``bulk_create`` of the very same rows, with no checks at all: the plan and
  mentor looked up from dictionaries, the scheduled days laid out once per plan (``lay_out``) and copied to
  every hire. No import writing every table with ``bulk_create`` can be faster; ours writes the rows nobody
  refers to (roles, preferences, status changes, scheduled days) with PostgreSQL's COPY instead.

The roster is written as Excel writes it (shared strings, a <dimension>, date cells), ten columns, no formulas, no
initial passwords (those are hashed at full strength, ~0.7 s each, and the import sends such files to the worker).
Each way runs ``--runs`` times (default 1) on fresh employee numbers; the median is reported with its statements
(counted, not recorded) and a breakdown: reading and checking, writing the people, and ``enroll()`` (scheduling).
Every run is verified: the same number of logins, roles, preferences, employees, status changes, enrollments and
scheduled days for each way.

The roster file is made in ``bench/_roster_files.py``, the three ways are in ``bench/_roster_ways.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    Staff,
    database_url_argument,
    database_version,
    machine,
    make_staff,
    publish,
    setup_django,
    throwaway_database,
    write_argument,
)
from _roster_files import excel_like, first_monday_after, roster_rows  # noqa: E402
from _roster_ways import TAGS, WAYS, Phases  # noqa: E402

MARK = "bench:roster"
TARGET_VS_DIE = 20
TARGET_VS_FLOOR = 3


# --- Measuring ------------------------------------------------------------------------------------


@contextmanager
def counting_statements() -> Iterator[list[int]]:
    """Count the SQL statements sent (without keeping them: django-import-export sends a hundred thousand)."""
    from django.db import connection

    count = [0]

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


@dataclass
class Result:
    way: str
    rows: int
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # this process only: robust when the machine is shared
    statements: list[int] = field(default_factory=list)
    phases: list[Phases] = field(default_factory=list)

    def _median_run(self) -> int:
        order = sorted(range(len(self.seconds)), key=self.seconds.__getitem__)
        return order[len(order) // 2]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def queries(self) -> int:
        return self.statements[self._median_run()]

    @property
    def phase(self) -> Phases:
        return self.phases[self._median_run()]


def new_cohort(staff: Staff, name: str, start: date) -> Any:
    from employees.models import Tier
    from training.services import create_cohort

    return create_cohort(name=name, tier=Tier.NEW_HIRE, start_date=start, trainers=[staff.trainer], by=staff.hr)


def verify(tag: str, rows: int, cohort: Any) -> None:
    """Every way must have written the same rows."""
    from django.contrib.auth.models import User

    from employees.models import Employee, Preference, StatusChange
    from training.models import Enrollment, ScheduledDay

    found = {
        "logins": User.objects.filter(username__startswith=tag).count(),
        "trainee roles": User.groups.through.objects.filter(user__username__startswith=tag).count(),
        "preferences": Preference.objects.filter(user__username__startswith=tag, must_set_password=True).count(),
        "employees": Employee.objects.filter(employee_no__startswith=tag).count(),
        "status changes": StatusChange.objects.filter(employee__employee_no__startswith=tag).count(),
        "enrollments": Enrollment.objects.filter(cohort=cohort).count(),
        "mentored": Employee.objects.filter(employee_no__startswith=tag, mentor__isnull=False).count(),
    }
    expected = dict.fromkeys(found, rows) | {"mentored": (rows + 4) // 5}
    days = ScheduledDay.objects.filter(enrollment__cohort=cohort).count()
    if found != expected or days != 17 * rows:
        raise SystemExit(f"{tag}: wrote {found} and {days} scheduled days, expected {expected} and {17 * rows}")


def time_upload_check(rows: int, staff: Staff, start: date, folder: Path) -> float:
    """The check HR's upload runs before the preview (in the worker for files over 1,000 rows)."""
    from training.roster import check_roster

    path = folder / "preview.xlsx"
    path.write_bytes(excel_like(roster_rows(rows, "RP-", staff.mentor.employee_no, start)))
    cohort = new_cohort(staff, "preview", start)
    began = time.perf_counter()
    with path.open("rb") as handle:
        result = check_roster(handle, name=path.name, cohort=cohort)
    seconds = time.perf_counter() - began
    if not result.ok:
        raise SystemExit(f"the roster has problems: {result.problems[:3]}")
    print(f"  upload check           {seconds:8.2f} s", file=sys.stderr)
    return seconds


def bench(rows: int, runs: int, folder: Path) -> tuple[list[Result], float]:
    from django.utils import timezone

    staff = make_staff()
    start = first_monday_after(timezone.localdate())
    upload_check = time_upload_check(rows, staff, start, folder)
    results = {way: Result(way, rows) for way in WAYS}
    for run in range(runs):
        for way, action in WAYS.items():
            tag = f"{TAGS[way]}{run}-"
            path = folder / f"{tag}roster.xlsx"
            path.write_bytes(excel_like(roster_rows(rows, tag, staff.mentor.employee_no, start)))
            cohort = new_cohort(staff, f"{way} {run}", start)
            phases = Phases()
            with counting_statements() as counted:
                began, cpu = time.perf_counter(), time.process_time()
                action(path, tag, rows, staff, cohort, phases)
                seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
            verify(tag, rows, cohort)
            results[way].seconds.append(seconds)
            results[way].cpu.append(cpu)
            results[way].statements.append(counted[0])
            results[way].phases.append(phases)
            print(
                f"  {way:<22} run {run + 1}: {seconds:8.2f} s  cpu {cpu:7.2f} s  {counted[0]:>7} statements",
                file=sys.stderr,
            )
    return list(results.values()), upload_check


# --- Reporting ------------------------------------------------------------------------------------


def verdict(value: float, target: float, better_when_high: bool) -> str:
    met = value >= target if better_when_high else value <= target
    return "met" if met else "**missed**"


def report(results: list[Result], rows: int, runs: int, upload_check: float) -> tuple[str, str]:
    import import_export
    import openpyxl

    by = {r.way: r for r in results}
    ours, die, floor = by["ours"], by["django-import-export"], by["floor"]
    vendor, database = database_version()
    lines = [
        f"### {'PostgreSQL' if vendor == 'postgresql' else vendor}",
        "",
        machine(f"openpyxl {openpyxl.__version__}", f"django-import-export {import_export.__version__}", database),
        "",
        f"`--rows {rows}`; median of {runs} run{'s' if runs > 1 else ''}.",
        "",
        "| way | total s | reading and checking s | writing the people s | enroll() / scheduling s | "
        "client CPU s | statements |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        p = r.phase
        lines.append(
            f"| {r.way} | {r.median:.2f} | {p.read_check:.2f} | {p.people:.2f} | {p.enroll:.2f} | "
            f"{r.median_cpu:.2f} | {r.queries:,} |"
        )
    speedup = die.median / ours.median
    over_floor = ours.median / floor.median

    def without_enroll(result: Result) -> float:
        return result.phase.read_check + result.phase.people

    speedup_people = without_enroll(die) / without_enroll(ours)
    over_floor_people = without_enroll(ours) / without_enroll(floor)
    lines += [
        "",
        f"- ours vs django-import-export: **{speedup:.1f}×** faster (target ≥ {TARGET_VS_DIE}×: "
        f"{verdict(speedup, TARGET_VS_DIE, True)}); leaving out the `enroll()` step both share: "
        f"{speedup_people:.1f}× ({verdict(speedup_people, TARGET_VS_DIE, True)}).",
        f"- ours vs the floor: **{over_floor:.2f}×** the floor's time (target ≤ {TARGET_VS_FLOOR}×: "
        f"{verdict(over_floor, TARGET_VS_FLOOR, False)}); leaving out enrolling and scheduling: "
        f"{over_floor_people:.2f}× ({verdict(over_floor_people, TARGET_VS_FLOOR, False)}).",
        f"- The floor vs django-import-export: {die.median / floor.median:.1f}× overall, "
        f"{without_enroll(die) / without_enroll(floor):.1f}× leaving out `enroll()`: the most an import writing "
        "every table with `bulk_create` could gain here.",
        f"- Before the preview, HR's upload is checked the same way: {upload_check:.2f} s for these {rows:,} rows "
        + ("(by the worker: the file is over 1,000 rows)." if rows > 1000 else "(within the request)."),
    ]
    return vendor, "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the roster (10000)")
    database_url_argument(parser)
    parser.add_argument("--runs", type=int, default=1, help="runs of each way (1); the median is reported")
    write_argument(parser)
    args = parser.parse_args(argv)
    if args.rows < 1 or args.runs < 1:
        parser.error("--rows and --runs must be 1 or more")
    try:
        import import_export  # noqa: F401
        import tablib  # noqa: F401
    except ImportError:
        parser.error("django-import-export is missing: .venv/bin/pip install -r bench/requirements.txt")

    with tempfile.TemporaryDirectory(prefix="bench_roster_") as folder, throwaway_database(args.database_url) as url:
        os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")
        setup_django(url)
        results, upload_check = bench(args.rows, args.runs, Path(folder))
        vendor, block = report(results, args.rows, args.runs, upload_check)
    publish(block, write=args.write, mark=MARK, vendor=vendor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
