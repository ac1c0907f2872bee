"""The three ways the roster-import benchmark (``bench/roster_import.py``) imports a roster: ours (what
confirming an import runs), django-import-export, and the floor (openpyxl and ``bulk_create``, no checks); with
``Phases``, the parts of one run they time."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from _common import Staff


@dataclass
class Phases:
    """Seconds spent in the parts of one run."""

    read_check: float = 0.0
    people: float = 0.0
    enroll: float = 0.0


@contextmanager
def timing_enroll(phases: Phases, *modules: Any) -> Iterator[None]:
    """Time every ``enroll()`` called through the given modules' name for it."""
    from training import services

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
