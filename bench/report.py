"""Benchmark of the cohort Excel report against openpyxl writing the same cells on its own.

Run from the repository root::

    .venv/bin/python bench/report.py [--employees 10000] [--database-url URL] [--write]

Like ``bench/scheduling.py`` (whose throw-away database and set-up, in ``bench/_common.py``, it
shares), the benchmark never touches an existing database: with ``postgres://user@host:port/any``
(the default points at the local server) it creates ``bench_kefu_<pid>``, migrates it and drops it
at the end; a ``sqlite://`` URL works in a temporary file. The cohort it fills is made in
``bench/_report_data.py``.

It fills one new-hire cohort of N employees (default 10,000) the way the portal would hold it after
nine plan days: roll calls of days 1–9, the handbook quiz and both pass exams (a third of the
trainees fail business knowledge once and sit it again), three rubric practicals, two typing tests
and four shadowing logs each, a few eliminations, and 1 % of names and comments that start with
``=``, ``+``, ``-`` or ``@``. Then, each in a fresh subprocess so that their memory can be told
apart:

* **report**: ``reports.services.build_report`` of that cohort's report, as the Celery task runs
  it: queries, row building, progress updates, writing the xlsx and storing it;
* **openpyxl alone**: the same sheets, rows, columns and values, computed beforehand (untimed) by
  the report's own row generators, written by a plain ``Workbook(write_only=True)`` loop with the
  same widths, frozen panes, header style, number formats, quoted text and auto filters.

It reports both wall times, their ratio (target ≤ 1.5×), and each process's peak resident memory
(``VmHWM``, or ``ru_maxrss`` where there is no /proc; target ≤ 250 MB for the report), with the
memory the process held before the timed part began. ``--write`` puts the results between the
``<!-- bench:report -->`` markers of ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from _common import (  # noqa: E402 - the throw-away database and set-up the benchmarks share
    database_version,
    machine,
    publish,
    setup_django,
    throwaway_database,
    write_argument,
)
from _report_data import fill  # noqa: E402

MARK = "bench:report"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_kefu"
TARGET_RATIO = 1.5
TARGET_MB = 250


# --- The two measured runs (each in its own process) -------------------------------------------


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB. Linux's VmHWM (/proc/self/status) starts
    afresh with the program; ru_maxrss would not: it carries the parent's peak across fork and exec,
    and the parent has just filled the database."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_setup(database_url: str) -> None:
    """Django on the benchmark's database, production-like, without migrating again."""
    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=database_url, DEBUG="false")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    os.environ.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def run_report(cohort_id: int, media: str) -> dict[str, Any]:
    """Time build_report() of the cohort's report, as the task runs it."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import services as reports
    from reports.models import Report, ReportStatus

    settings.MEDIA_ROOT = media
    reports.queue_build = lambda report_id: None  # this process builds it; send nothing to a broker
    report = reports.request_report(kind="cohort", params={"cohort_id": cohort_id}, user=None)
    before = peak_mb()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:  # ~40 statements: recording them costs nothing
        report = reports.build_report(report.pk)
    seconds = time.perf_counter() - started
    if report.status != ReportStatus.DONE:
        raise SystemExit(f"the report failed: {report.error}")
    size = Path(report.file.path).stat().st_size
    Report.objects.filter(pk=report.pk).delete()
    return {"seconds": seconds, "peak_mb": peak_mb(), "before_mb": before, "queries": len(captured), "bytes": size}


def run_raw(cohort_id: int, media: str) -> dict[str, Any]:
    """Compute the same rows (untimed), then time openpyxl writing them alone."""
    from common.xlsx.render import excel_datetime, info_sheet, plain_text
    from reports.xlsx.cohort import CohortReport
    from training.models import Cohort

    sheets = CohortReport(Cohort.objects.get(pk=cohort_id)).sheets()
    sheets.append(info_sheet("说明", [("报告", "批次报告"), ("标题", "批次报告：万人批")]))

    def ready(value: Any) -> Any:
        if isinstance(value, datetime):
            return excel_datetime(value)
        if value is not None and not isinstance(value, int | float | Decimal | datetime):
            return plain_text(value)
        return value

    tables = [(s.title, s.columns, s.frozen_columns, [[ready(v) for v in row] for row in s.rows]) for s in sheets]
    cells = sum(len(rows) * len(columns) for _t, columns, _f, rows in tables)
    before = peak_mb()
    path = Path(media) / "raw.xlsx"
    started = time.perf_counter()
    write_raw(path, tables)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "before_mb": before,
        "bytes": path.stat().st_size,
        "rows": sum(len(rows) for *_x, rows in tables),
        "cells": cells,
    }


def write_raw(path: Path, tables: list[tuple[str, Any, int, list[list[Any]]]]) -> None:
    """openpyxl alone: the same cells, widths, panes, styles and filters as the report, from lists."""
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.cell.cell import ERROR_CODES, WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from common.xlsx.render import DEFAULT_WIDTHS, FORMULA_PREFIXES, NUMBER_FORMATS

    wb = Workbook(write_only=True)
    scratch = wb.create_sheet("styles")
    styles = {}
    for kind, number_format in NUMBER_FORMATS.items():
        cell = WriteOnlyCell(scratch)
        cell.number_format = number_format
        styles[kind] = cell._style
    quoted = WriteOnlyCell(scratch)
    quoted.quotePrefix = True
    header = WriteOnlyCell(scratch)
    header.font, header.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header.border = Border(bottom=Side(style="thin", color="8EA9DB"))
    wb.remove(scratch)

    def styled(ws: Any, style: Any, value: Any) -> Any:
        cell = WriteOnlyCell(ws)
        cell._style = copy(style)
        cell.value = value
        return cell

    for title, columns, frozen, rows in tables:
        ws = wb.create_sheet(title)
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width or DEFAULT_WIDTHS[column.kind]
        ws.freeze_panes = f"{get_column_letter(frozen + 1)}2"
        ws.append([styled(ws, header._style, str(c.header)) for c in columns])
        number_style = [None if c.kind == "text" else styles[c.kind] for c in columns]
        for row in rows:
            out = []
            for style, value in zip(number_style, row, strict=True):
                if value is None:
                    out.append(None)
                elif isinstance(value, str):
                    if value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES:
                        cell = styled(ws, quoted._style, None)
                        cell._value, cell.data_type = value, "s"
                        out.append(cell)
                    else:
                        out.append(value)
                else:
                    out.append(styled(ws, style, value))
            ws.append(out)
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    wb.save(str(path))


def measure(mode: str, database_url: str, cohort_id: int) -> dict[str, Any]:
    """Run one measured part in a fresh Python process and read its JSON answer."""
    with tempfile.TemporaryDirectory(prefix="bench_report_") as media:
        command = [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--database-url",
            database_url,
            "--cohort",
            str(cohort_id),
        ]
        command += ["--media", media]
        out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)  # noqa: S603 - our own script
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- Reporting ----------------------------------------------------------------------------------


def median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median wall time, with the highest peak memory of all runs."""
    ordered = sorted(results, key=lambda r: r["seconds"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["peak_mb"] = max(r["peak_mb"] for r in results)
    chosen["all_seconds"] = [r["seconds"] for r in results]
    return chosen


def report_block(employees: int, runs: int, report: dict[str, Any], raw: dict[str, Any]) -> str:
    _vendor, database = database_version()
    ratio = report["seconds"] / raw["seconds"]
    ratio_ok = "met" if ratio <= TARGET_RATIO else "**missed**"
    memory_ok = "met" if report["peak_mb"] <= TARGET_MB else "**missed**"
    return "\n".join(
        [
            machine(database),
            "",
            f"`--employees {employees}`: {raw['rows']:,} rows and {raw['cells']:,} cells in five sheets "
            f"(成员, 考勤, 考试, 实操, 说明); the file is {report['bytes'] / 1e6:.1f} MB.",
            "",
            f"Median of {runs} runs each, alternating, every run in a fresh process; peak memory is the highest "
            "of the runs.",
            "",
            "| run | median wall time s | all runs s | peak memory MB | memory before the timed part MB | queries |",
            "|---|---:|---:|---:|---:|---:|",
            f"| report (`build_report`) | {report['seconds']:.1f} | {_runs(report)} | {report['peak_mb']:.0f} | "
            f"{report['before_mb']:.0f} | {report['queries']} |",
            f"| openpyxl alone, rows precomputed | {raw['seconds']:.1f} | {_runs(raw)} | {raw['peak_mb']:.0f} | "
            f"{raw['before_mb']:.0f} | — |",
            "",
            f"Ratio report / openpyxl alone: **{ratio:.2f}×** (target ≤ {TARGET_RATIO}×: {ratio_ok}). "
            f"Peak memory of the report: **{report['peak_mb']:.0f} MB** (target ≤ {TARGET_MB} MB: {memory_ok}).",
        ]
    )


def _runs(result: dict[str, Any]) -> str:
    return " / ".join(f"{s:.1f}" for s in result["all_seconds"])


# --- Command line -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=10_000, help="employees in the cohort (10000)")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_URL,
        help=f"server to create the throw-away database on ({DEFAULT_URL}); sqlite:// for a temporary file",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each, alternating (3)")
    write_argument(parser)
    parser.add_argument("--child", choices=["report", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--cohort", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--media", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        child_setup(args.database_url)
        run = run_report if args.child == "report" else run_raw
        print(json.dumps(run(args.cohort, args.media)))
        return 0

    if args.employees < 1 or args.runs < 1:
        parser.error("--employees and --runs must be 1 or more")
    with throwaway_database(args.database_url) as url:
        setup_django(url)
        print(f"filling a cohort of {args.employees} employees", file=sys.stderr)
        cohort_id = fill(args.employees)
        from django.db import connections

        connections.close_all()  # the children connect on their own
        runs: dict[str, list[dict[str, Any]]] = {"report": [], "raw": []}
        for run in range(args.runs):  # alternate, so that a busy spell of the machine hits both
            for mode in ("report", "raw"):
                result = measure(mode, url, cohort_id)
                runs[mode].append(result)
                print(
                    f"  run {run + 1} {mode:<6} {result['seconds']:6.1f} s {result['peak_mb']:5.0f} MB", file=sys.stderr
                )
        block = report_block(args.employees, args.runs, median_run(runs["report"]), median_run(runs["raw"]))
    publish(block, write=args.write, mark=MARK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
