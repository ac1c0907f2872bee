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
  ``employees.services.enroll`` (enrollments, scheduled days, trainings due).
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
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scheduling import Staff, cpu_model, database_version, make_staff, setup_django, throwaway_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
MARK = "bench:roster"
HEADERS = ["工号", "姓名", "岗位类别", "层级", "手机号", "邮箱", "入职日期", "团队/店铺", "师傅工号", "初始密码"]
CLASSES = ["售前", "售中", "售后", "pre-sale", "After-sale"]
TIERS = ["新员工", "", "New hire"]
TARGET_VS_DIE = 20
TARGET_VS_FLOOR = 3

# --- The roster file ------------------------------------------------------------------------------


def first_monday_after(day: date, days: int = 7) -> date:
    start = day + timedelta(days=days)
    return start + timedelta(days=(7 - start.weekday()) % 7)


def roster_rows(count: int, tag: str, mentor_no: str, hired: date) -> list[list[Any]]:
    """`count` rows in the template's columns: classes and tiers in Chinese and English, dates as date cells and
    as text, every fifth hire with a mentor, every third with an e-mail."""
    rows = []
    for i in range(count):
        rows.append(
            [
                f"{tag}{i:05d}",
                f"学员{tag}{i}",
                CLASSES[i % len(CLASSES)],
                TIERS[i % len(TIERS)] or None,
                f"139{i:08d}",
                f"{tag.lower()}{i}@example.com" if i % 3 == 0 else None,
                hired if i % 2 else hired.strftime("%Y/%m/%d"),
                "旗舰店",
                mentor_no if i % 5 == 0 else None,
                None,
            ]
        )
    return rows


_INLINE = re.compile(
    r'<c r="([A-Z]+\d+)"((?: s="\d+")?) t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>'
)


def excel_like(rows: list[list[Any]]) -> bytes:
    """An .xlsx as Excel and WPS write it: text in the shared-string table (openpyxl writes inline strings,
    which openpyxl reads several times more slowly than shared ones)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    plain = BytesIO()
    workbook.save(plain)
    source = zipfile.ZipFile(BytesIO(plain.getvalue()))
    strings: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        index = strings.setdefault(match.group(3), len(strings))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{index}</v></c>'

    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(shared, data.decode()).encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(item, data)
        table = "".join(f"<si><t>{text}</t></si>" for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>',
        )
    return out.getvalue()


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
class Phases:
    """Seconds spent in the parts of one run."""

    read_check: float = 0.0
    people: float = 0.0
    enroll: float = 0.0


@contextmanager
def timing_enroll(phases: Phases, *modules: Any) -> Iterator[None]:
    """Time every ``enroll()`` called through the given modules' name for it."""
    from employees import services

    original = services.enroll

    def timed(**kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(**kwargs)
        finally:
            phases.enroll += time.perf_counter() - started

    for module in modules:
        module.enroll = timed
    try:
        yield
    finally:
        for module in modules:
            module.enroll = original


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


# --- The three ways -------------------------------------------------------------------------------


def run_ours(path: Path, tag: str, rows: int, staff: Staff, cohort: Any, phases: Phases) -> None:
    """What confirming an import runs: read and check the stored file again, then save everything."""
    from django.core.files import File

    from training import roster
    from training.models import ImportStatus, RosterImport
    from training.roster import reading, saving

    roster_import = RosterImport(
        cohort=cohort, original_name=path.name, uploaded_by=staff.hr, status=ImportStatus.RUNNING, total_rows=rows
    )
    with path.open("rb") as handle:
        roster_import.file.save(f"{tag}.xlsx", File(handle), save=False)
    roster_import.save()
    original_check = reading.check_roster

    def timed_check(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original_check(*args, **kwargs)
        finally:
            phases.read_check += time.perf_counter() - started

    saving.check_roster = timed_check
    try:
        with timing_enroll(phases, saving):
            started = time.perf_counter()
            created = roster.run_roster_import(roster_import_id=roster_import.pk, by_id=staff.hr.pk)
            total = time.perf_counter() - started
    finally:
        saving.check_roster = original_check
    phases.people = total - phases.read_check - phases.enroll
    roster_import.refresh_from_db()
    if created != rows or roster_import.status != ImportStatus.DONE:
        raise SystemExit(f"our import created {created} of {rows}: {roster_import.status} {roster_import.problems[:3]}")


def employee_resource(cohort: Any, by: Any) -> Any:
    """The django-import-export resource: the same columns, words and checks a resource would naturally have."""
    from django.contrib.auth.models import Group, User
    from django.core.exceptions import ValidationError
    from import_export import fields, resources, widgets
    from import_export.instance_loaders import CachedInstanceLoader

    from employees.models import Employee, Preference, StatusChange
    from employees.roles import Role
    from training.roster.columns import POSITION_WORDS, TIER_WORDS, fold
    from training.roster.saving import unusable_password

    class WordWidget(widgets.Widget):
        def __init__(self, words: dict[str, str], default: str = "") -> None:
            super().__init__()
            self.words, self.default = words, default

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
            if value in (None, ""):
                if self.default:
                    return self.default
                raise ValueError("required")
            found = self.words.get(fold(str(value)))
            if found is None:
                raise ValueError(f"unknown value {value!r}")
            return found

    class HireDateWidget(widgets.DateWidget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            if isinstance(value, datetime):
                return value.date()
            return super().clean(value, row, **kwargs)

    trainee_role = Group.objects.get(name=Role.TRAINEE)
    mentor_role = Group.objects.get(name=Role.MENTOR)

    class EmployeeResource(resources.ModelResource):
        employee_no = fields.Field(attribute="employee_no", column_name="工号")
        name = fields.Field(attribute="name", column_name="姓名")
        position_class = fields.Field(
            attribute="position_class", column_name="岗位类别", widget=WordWidget(POSITION_WORDS)
        )
        tier = fields.Field(attribute="tier", column_name="层级", widget=WordWidget(TIER_WORDS, cohort.tier))
        phone = fields.Field(attribute="phone", column_name="手机号", widget=widgets.CharWidget())
        hire_date = fields.Field(
            attribute="hire_date", column_name="入职日期", widget=HireDateWidget(format="%Y/%m/%d")
        )
        team = fields.Field(attribute="team", column_name="团队/店铺")
        mentor = fields.Field(
            attribute="mentor", column_name="师傅工号", widget=widgets.ForeignKeyWidget(Employee, "employee_no")
        )

        class Meta:
            model = Employee
            fields = ("employee_no", "name", "position_class", "tier", "phone", "hire_date", "team", "mentor")
            import_id_fields = ("employee_no",)
            instance_loader_class = CachedInstanceLoader
            skip_diff = True
            clean_model_instances = True

        def __init__(self) -> None:
            super().__init__()
            self.created: list[Any] = []

        def validate_instance(self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True):
            # The login is created when the row is saved, so it is left out of the model's validation.
            errors = dict(import_validation_errors or {})
            try:
                instance.full_clean(exclude=["user"], validate_unique=validate_unique)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            if errors:
                raise ValidationError(errors)

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            user = User(
                username=instance.employee_no,
                first_name=instance.name,
                email=row.get("邮箱") or "",
                password=unusable_password(),
            )
            user.save()
            user.groups.add(trainee_role)
            Preference.objects.create(user=user, must_set_password=True)
            instance.user = user

        def after_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            StatusChange.objects.create(
                employee=instance, from_status="", to_status=instance.status, reason="Hired", changed_by=by
            )
            if instance.mentor_id:
                mentor_role.user_set.add(instance.mentor.user_id)
            self.created.append(instance)

        def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
            if not kwargs.get("dry_run") and not result.has_errors() and not result.has_validation_errors():
                from training.roster import saving

                saving.enroll(cohort=cohort, employees=self.created)

    return EmployeeResource()


def run_die(path: Path, tag: str, rows: int, staff: Staff, cohort: Any, phases: Phases) -> None:
    import tablib

    from training.roster import saving

    started = time.perf_counter()
    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    phases.read_check = time.perf_counter() - started
    resource = employee_resource(cohort, staff.hr)
    with timing_enroll(phases, saving):
        began = time.perf_counter()
        result = resource.import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)
        total = time.perf_counter() - began
    phases.people = total - phases.enroll
    if result.has_errors() or result.has_validation_errors():
        invalid = [(r.number, r.error_dict) for r in result.invalid_rows[:3]]
        errors = [(n, [str(e.error) for e in errs]) for n, errs in result.row_errors()[:3]]
        raise SystemExit(f"django-import-export refused the roster: {invalid} {errors}")


def run_floor(path: Path, tag: str, rows: int, staff: Staff, cohort: Any, phases: Phases) -> None:
    """openpyxl read-only, then bulk_create of exactly the rows the import writes; no checks."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from openpyxl import load_workbook

    from employees.models import Employee, Preference, StatusChange
    from employees.roles import Role
    from training.models import Cohort, Enrollment, PlanTemplate, ScheduledDay
    from training.roster.columns import POSITION_WORDS, TIER_WORDS, fold
    from training.roster.saving import unusable_password
    from training.services import lay_out, pick_plan, plan_day_numbers
    from training.workdays import WorkCalendar

    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    data = list(workbook.active.iter_rows(min_row=2, values_only=True))
    workbook.close()
    phases.read_check = time.perf_counter() - started
    began = time.perf_counter()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=r[0], first_name=r[1], email=r[5] or "", password=unusable_password()) for r in data],
            batch_size=1000,
        )
        roles = dict(Group.objects.filter(name__in=[Role.TRAINEE, Role.MENTOR]).values_list("name", "pk"))
        membership = User.groups.through
        membership.objects.bulk_create(
            [membership(user_id=u.pk, group_id=roles[Role.TRAINEE]) for u in users], batch_size=1000
        )
        Preference.objects.bulk_create([Preference(user_id=u.pk, must_set_password=True) for u in users], 1000)
        mentors = dict(Employee.objects.values_list("employee_no", "pk"))
        employees = Employee.objects.bulk_create(
            [
                Employee(
                    user_id=u.pk,
                    employee_no=r[0],
                    name=r[1],
                    position_class=POSITION_WORDS[fold(r[2])],
                    tier=TIER_WORDS[fold(r[3])] if r[3] else cohort.tier,
                    phone=r[4] or "",
                    hire_date=r[6].date() if isinstance(r[6], datetime) else datetime.strptime(r[6], "%Y/%m/%d").date(),
                    team=r[7] or "",
                    mentor_id=mentors.get(r[8]) if r[8] else None,
                )
                for r, u in zip(data, users, strict=True)
            ],
            batch_size=1000,
        )
        StatusChange.objects.bulk_create(
            [
                StatusChange(employee_id=e.pk, to_status=e.status, reason="Hired", changed_by=staff.hr)
                for e in employees
            ],
            batch_size=1000,
        )
        membership.objects.bulk_create(
            [membership(user_id=staff.mentor.user_id, group_id=roles[Role.MENTOR])], ignore_conflicts=True
        )
        enrolling = time.perf_counter()
        plans = list(PlanTemplate.objects.filter(is_active=True, tier=cohort.tier))
        plan_of = {
            c: pick_plan(tier=cohort.tier, position_class=c, plans=plans) for c in {e.position_class for e in employees}
        }
        enrollments = Enrollment.objects.bulk_create(
            [Enrollment(cohort=cohort, employee=e, plan=plan_of[e.position_class]) for e in employees]
        )
        days = plan_day_numbers(p.pk for p in plan_of.values())
        calendar = WorkCalendar.load(since=cohort.start_date - timedelta(days=60))
        dates = {
            pk: lay_out(start=cohort.start_date, day_numbers=numbers, extensions=[], calendar=calendar)
            for pk, numbers in days.items()
        }
        ScheduledDay.objects.bulk_create(
            [
                ScheduledDay(enrollment_id=en.pk, day_number=n, date=d)
                for en in enrollments
                for n, d in dates[en.plan_id].items()
            ],
            batch_size=2000,
        )
        Cohort.objects.filter(pk=cohort.pk).update(end_date=max(max(d.values()) for d in dates.values()))
        phases.enroll = time.perf_counter() - enrolling
    phases.people = time.perf_counter() - began - phases.enroll


WAYS: dict[str, Callable[..., None]] = {"ours": run_ours, "django-import-export": run_die, "floor": run_floor}
TAGS = {"ours": "RO", "django-import-export": "RD", "floor": "RF"}


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
    import django
    import import_export
    import openpyxl

    by = {r.way: r for r in results}
    ours, die, floor = by["ours"], by["django-import-export"], by["floor"]
    vendor, database = database_version()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    machine = (
        f"Run on {datetime.now(UTC):%Y-%m-%d} (UTC) · {cpu_model()}, {cores} cores · Python {sys.version.split()[0]} · "
        f"Django {django.get_version()} · openpyxl {openpyxl.__version__} · django-import-export "
        f"{import_export.__version__} · {database}"
    )
    lines = [
        f"### {'PostgreSQL' if vendor == 'postgresql' else vendor}",
        "",
        machine,
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


def write_section(doc: Path, vendor: str, block: str) -> None:
    """Put this database's block between the roster markers, keeping the other databases' blocks."""
    text = doc.read_text(encoding="utf-8")
    outer = re.compile(rf"(<!-- {MARK} -->\n)(.*?)(<!-- /{MARK} -->)", re.DOTALL)
    found = outer.search(text)
    if found is None:
        raise SystemExit(f"{doc} has no <!-- {MARK} --> … <!-- /{MARK} --> section")
    inner = re.compile(rf"<!-- {MARK}:(\w+) -->\n.*?<!-- /{MARK}:\1 -->", re.DOTALL)
    blocks = {m.group(1): m.group(0) for m in inner.finditer(found.group(2))}
    blocks[vendor] = f"<!-- {MARK}:{vendor} -->\n{block}\n<!-- /{MARK}:{vendor} -->"
    order = [v for v in ("postgresql", "sqlite") if v in blocks] + sorted(set(blocks) - {"postgresql", "sqlite"})
    section = "\n\n".join(blocks[v] for v in order) + "\n"
    doc.write_text(text[: found.start(2)] + section + text[found.end(2) :], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the roster (10000)")
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:port/any to benchmark on a new database on that server; "
        "default: a temporary SQLite file",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of each way (1); the median is reported")
    parser.add_argument("--write", action="store_true", help=f"update the results in {DOC.relative_to(ROOT)}")
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
    print(block)
    if args.write:
        write_section(DOC, vendor, block)
        print(f"\nwritten to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
