"""Benchmark of working-day scheduling: enroll(), move_cohort_start() and a trainee's "today".

Run from the repository root::

    .venv/bin/python bench/scheduling.py [--hires 10,100,1000] [--database-url URL] [--runs 3] [--write]

The benchmark never touches an existing database. Without ``--database-url`` (or with a
``sqlite://`` one) it works in a temporary SQLite file; with ``postgres://user@host:port/any`` it
creates ``bench_kefu_<pid>`` on that server, migrates it, and drops it at the end.

For each hire count N it

* bulk-creates N pre-onboarding hires (login, trainee role, employee, first status change),
* times ``enroll()`` of all N into a new new-hire cohort that started on 2026-11-16, so that
  enrolling also starts their training (the heavier path of ``enroll()``),
* times ``move_cohort_start()`` of that cohort, alternately to 2026-09-28 (across National Day
  and the make-up Saturday 10-10) and back,
* times the ``/today/`` page and the ``load_trainee_plan()`` selector for one of its trainees on
  2026-11-19 (plan day 4).

Every operation is run once under ``CaptureQueriesContext`` to count its statements (a warm-up
run, not timed: recording queries costs time, on SQLite a whole extra statement per query), then
``--runs`` times without it; the median wall time is reported. The settings are production-like:
``DEBUG=false`` (Django keeps no query log), the real middleware and templates.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from _common import (
    START,
    Staff,
    hired_cohort,
    make_staff,
    parse_arguments,
    results_heading,
    run_and_publish,
    statement_kind,
)

if TYPE_CHECKING:
    from employees.models import Employee
    from training.models import Cohort

MARK = "bench:scheduling"
MOVED = date(2026, 9, 28)  # day 1 before National Day; the plan works Saturday 10-10
ON = date(2026, 11, 19)  # plan day 4 (shadowing the mentor) of a cohort starting on START
DAY_4_LABEL = "第 4 天"  # what the page says on that day, checked once so an error page is not timed


# --- Measuring ----------------------------------------------------------------------------------


@dataclass
class Result:
    """One operation at one hire count: its wall times and the statements it sent."""

    operation: str
    hires: int
    seconds: list[float]
    statements: list[str] = field(repr=False)

    @property
    def median_ms(self) -> float:
        """Median wall time of the timed runs, in milliseconds."""
        return 1000 * statistics.median(self.seconds)

    @property
    def queries(self) -> int:
        """Statements sent in the counted run."""
        return len(self.statements)

    @property
    def kinds(self) -> Counter[str]:
        """Statements of the counted run by kind, e.g. {"INSERT training_scheduledday": 9}."""
        return Counter(statement_kind(s) for s in self.statements)

    @property
    def inserts(self) -> int:
        """INSERT statements of the counted run (bulk inserts are cut into batches)."""
        return sum(n for kind, n in self.kinds.items() if kind.startswith("INSERT"))


def observe(operation: str, hires: int, prepare: Callable[[], Callable[[], object]], runs: int) -> Result:
    """Count the statements of one run (untimed, also the warm-up), then time `runs` more.
    `prepare` sets up a run outside the clock and returns the call to time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action = prepare()
    with CaptureQueriesContext(connection) as captured:
        action()
    # Read now: the next request empties the connection's query log.
    statements = [q["sql"] for q in captured.captured_queries]
    seconds = []
    for _run in range(runs):
        action = prepare()
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    print(f"  {operation:<28} {1000 * statistics.median(seconds):9.1f} ms", file=sys.stderr)
    return Result(operation, hires, seconds, statements)


def bench_hires(count: int, staff: Staff, runs: int) -> list[Result]:
    """All operations for a cohort of `count` hires."""
    from django.test import Client

    from training.models import ScheduledDay
    from training.selectors import load_trainee_plan
    from training.services import enroll, move_cohort_start

    print(f"{count} hires", file=sys.stderr)
    state: dict[str, Any] = {"run": 0}

    def prepare_enroll() -> Callable[[], object]:
        state["run"] += 1
        tag = f"n{count}r{state['run']}"
        cohort, hires = hired_cohort(count, tag, staff)
        state["cohort"], state["hires"] = cohort, hires
        return lambda: enroll(cohort=cohort, employees=hires)

    results = [observe("enroll()", count, prepare_enroll, runs)]
    cohort: Cohort = state["cohort"]
    trainee: Employee = state["hires"][0]
    days = ScheduledDay.objects.filter(enrollment__cohort=cohort).count()
    if days != 17 * count:
        raise SystemExit(f"enroll() scheduled {days} days for {count} hires, expected {17 * count}")

    def prepare_move() -> Callable[[], object]:
        target = MOVED if cohort.start_date == START else START
        return lambda: move_cohort_start(cohort=cohort, start_date=target)

    results.append(observe("move_cohort_start()", count, prepare_move, runs))
    if cohort.start_date != START:
        move_cohort_start(cohort=cohort, start_date=START)

    client = Client()
    client.force_login(trainee.user)

    def get_today() -> None:
        response = client.get(f"/today/?d={ON:%Y-%m-%d}")
        if response.status_code != 200 or DAY_4_LABEL not in response.content.decode():
            raise SystemExit(f"/today/ answered {response.status_code} without {DAY_4_LABEL!r}")

    results.append(observe("GET /today/ (one trainee)", count, lambda: get_today, runs))

    def load_plan() -> None:
        plan = load_trainee_plan(trainee, ON)
        day = plan.day_on(ON) if plan else None
        if day is None or day.day_number != 4:
            raise SystemExit("load_trainee_plan() did not put the trainee on plan day 4")

    results.append(observe("load_trainee_plan()", count, lambda: load_plan, runs))
    return results


# --- Reporting ----------------------------------------------------------------------------------


def markdown_table(results: list[Result]) -> str:
    """One row per operation and hire count, operations in the order they ran."""
    rows = [
        "| operation | hires | median ms | min–max ms | queries | of which INSERT |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(results, key=lambda r: (_operation_order(results, r.operation), r.hires)):
        low, high = 1000 * min(r.seconds), 1000 * max(r.seconds)
        rows.append(
            f"| {r.operation} | {r.hires} | {r.median_ms:.1f} | {low:.1f}–{high:.1f} | {r.queries} | {r.inserts} |"
        )
    return "\n".join(rows)


def _operation_order(results: list[Result], operation: str) -> int:
    """Position of an operation's first result, to keep the order in which they ran."""
    return [r.operation for r in results].index(operation)


def growth_report(results: list[Result]) -> list[str]:
    """One line per operation: are its queries the same at every hire count, and if not, which
    statements multiply (batched INSERTs only, or anything else, which would be a regression)."""
    lines = []
    operations = list(dict.fromkeys(r.operation for r in results))
    for operation in operations:
        series = sorted((r for r in results if r.operation == operation), key=lambda r: r.hires)
        counts = " / ".join(str(r.queries) for r in series)
        if len(series) == 1:
            lines.append(f"- {operation}: {counts} queries (one hire count, nothing to compare).")
            continue
        if len({r.queries for r in series}) == 1:
            lines.append(f"- {operation}: {counts} queries, constant.")
            continue
        smallest, largest = series[0], series[-1]
        grown = ", ".join(
            f"`{kind}` {smallest.kinds[kind]} → {largest.kinds[kind]}"
            for kind in sorted(set(smallest.kinds) | set(largest.kinds))
            if smallest.kinds[kind] != largest.kinds[kind]
        )
        others = [r.queries - r.inserts for r in series]
        if len(set(others)) == 1:
            verdict = f"without INSERTs {others[0]}, constant; only INSERT batches multiply"
        else:
            verdict = f"**statements other than INSERTs grow too** ({' / '.join(map(str, others))})"
        lines.append(
            f"- {operation}: {counts} queries; {verdict} from {smallest.hires} to {largest.hires} hires: {grown}."
        )
    return lines


def report(results: list[Result], hires: list[int], runs: int) -> tuple[str, str]:
    """The vendor key and the Markdown block: heading, machine, table, query growth."""
    vendor, heading = results_heading()
    sizes = ", ".join(str(n) for n in hires)
    block = "\n".join(
        [
            *heading,
            f"`--hires {','.join(str(n) for n in hires)}`; median of {runs} timed runs after one counted run.",
            "",
            markdown_table(results),
            "",
            f"Queries at {sizes} hires:",
            "",
            *growth_report(results),
        ]
    )
    return vendor, block


# --- Command line -------------------------------------------------------------------------------


def hire_counts(raw: str) -> list[int]:
    """Parse --hires: comma-separated positive whole numbers, returned sorted and unique."""
    try:
        counts = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {raw!r}") from exc
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("give hire counts of 1 or more, e.g. 10,100,1000")
    return sorted(set(counts))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on a throw-away database, print the results, and with --write store them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hires", type=hire_counts, default=[10, 100, 1000], help="cohort sizes (10,100,1000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per operation (3)")
    args = parse_arguments(parser, argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")

    def run() -> tuple[str, str]:
        staff = make_staff()
        results = [r for count in args.hires for r in bench_hires(count, staff, args.runs)]
        return report(results, args.hires, args.runs)

    return run_and_publish(args, mark=MARK, run=run)


if __name__ == "__main__":
    sys.exit(main())
