"""Saving a checked roster in one transaction, and a RosterImport through its statuses."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import insert_rows
from employees.models import Employee, Preference, StatusChange
from employees.roles import Role
from training.models import Cohort, ImportStatus, RosterImport
from training.services import enroll

from .columns import BATCH_SIZE, SYNC_PASSWORDS, SYNC_ROWS, Problem, RosterCheck, RosterRow
from .reading import Progress, check_roster, given_passwords, stored_problems


class RosterRefusedError(Exception):
    """The rows still have problems (or there are none); nothing was saved."""


def unusable_password() -> str:
    """What ``make_password(None)`` stores, without its cost: 40 random characters behind the "!" prefix."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def hash_passwords(rows: Iterable[RosterRow], progress: Progress | None = None) -> dict[int, str]:
    """Hash the initial passwords the file gives, at the full strength of the password setting: they are chosen
    by people (about 0.7 s each on a small server, which is why such files are imported in the background).
    ``progress`` hears how many rows are done, counting from the first row again."""
    hashes: dict[int, str] = {}
    for position, row in enumerate(rows, start=1):
        if row.password:
            hashes[row.row] = make_password(row.password)
            if progress:
                progress(position)
    return hashes


@transaction.atomic
def save_roster(
    *, cohort: Cohort, rows: list[RosterRow], by: User | None, password_hashes: dict[int, str] | None = None
) -> list[Employee]:
    """Create every row's login and employee and enroll them all in the cohort, or nothing.

    Logins and employees go in bulk inserts of BATCH_SIZE rows a statement (SQLite caps a statement at 999
    parameters, so its batches are smaller), the rows nobody refers to (roles, preferences, status changes,
    scheduled days) by `insert_rows`: one COPY each on PostgreSQL. The other statements do not depend on the
    number of rows. Raises
    RosterRefusedError for an empty list, and lets IntegrityError through if a number was taken meanwhile.
    """
    if not rows:
        raise RosterRefusedError(_("The file has no employees; nothing was imported."))
    hashes = password_hashes or {}
    today = timezone.localdate()
    users = User.objects.bulk_create(
        [
            User(
                username=row.employee_no,
                first_name=row.name,
                email=row.email,
                password=hashes.get(row.row) or unusable_password(),
            )
            for row in rows
        ],
        batch_size=BATCH_SIZE,
    )
    groups = dict(Group.objects.filter(name__in=[Role.TRAINEE, Role.MENTOR]).values_list("name", "pk"))
    insert_rows(User.groups.through, ["user_id", "group_id"], [(user.pk, groups[Role.TRAINEE]) for user in users])
    insert_rows(Preference, ["user_id", "must_set_password"], [(user.pk, True) for user in users])
    employees = Employee.objects.bulk_create(
        [
            Employee(
                user_id=user.pk,
                employee_no=row.employee_no,
                name=row.name,
                phone=row.phone,
                tier=row.tier or cohort.tier,
                position_class=row.position_class,
                hire_date=row.hire_date or today,
                team=row.team,
                mentor_id=row.mentor_id,
            )
            for row, user in zip(rows, users, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    for employee, user in zip(employees, users, strict=True):
        employee.user = user  # enroll() and the pages read it; spare them a query each
    hired, by_id = _("Hired"), by.pk if by else None
    insert_rows(
        StatusChange,
        ["employee_id", "from_status", "to_status", "reason", "changed_by_id"],
        [(e.pk, "", e.status, hired, by_id) for e in employees],
    )
    mentor_users = {row.mentor_user_id for row in rows if row.mentor_user_id}
    if mentor_users:
        # Whoever is named a mentor gets the mentor's pages (roll call, my mentees), as on the hire form.
        Group(pk=groups[Role.MENTOR], name=Role.MENTOR).user_set.add(*mentor_users)
    enroll(cohort=cohort, employees=employees)
    return employees


# ---------------------------------------------------------------------------- a RosterImport through its statuses


def _store(roster_import: RosterImport, *, only_if: str, **fields: Any) -> bool:
    """Change an import only if it still has the status ``only_if``; True if it did."""
    return bool(RosterImport.objects.filter(pk=roster_import.pk, status=only_if).update(**fields))


def _progress_of(roster_import: RosterImport) -> Progress:
    def report(done: int) -> None:
        RosterImport.objects.filter(pk=roster_import.pk).update(processed_rows=done)

    return report


def discard_file(roster_import: RosterImport) -> None:
    """Delete the stored upload: it may hold initial passwords in clear, and is not needed after the import."""
    if roster_import.file:
        roster_import.file.delete(save=False)
    RosterImport.objects.filter(pk=roster_import.pk).update(file="")


def needs_background(roster_import: RosterImport) -> bool:
    """Large files, and files that give more than a few initial passwords (each hashed at full strength, about
    0.7 s on a small server), run in the Celery worker with a progress bar; the rest within the request."""
    if roster_import.total_rows > SYNC_ROWS:
        return True
    with roster_import.file.open("rb") as handle:
        return given_passwords(handle, name=roster_import.original_name) > SYNC_PASSWORDS


def _check_stored_file(roster_import: RosterImport, progress: Progress | None) -> RosterCheck:
    """``check_roster`` of the import's stored file, reporting to ``progress`` if given."""
    with roster_import.file.open("rb") as handle:
        return check_roster(handle, name=roster_import.original_name, cohort=roster_import.cohort, progress=progress)


def _store_check(roster_import: RosterImport, result: RosterCheck, *, only_if: str, **fields: Any) -> bool:
    """Store what a check found, and ``fields``, if the import is still ``only_if``: failed if the file was refused
    as a whole, else checked, with the problems (maybe none)."""
    status = ImportStatus.FAILED if result.refused else ImportStatus.CHECKED
    return _store(
        roster_import,
        only_if=only_if,
        status=status,
        problems=stored_problems(result.problems),
        total_rows=result.total_rows,
        **fields,
    )


def check_roster_import(*, roster_import_id: int, track_progress: bool = False) -> RosterImport | None:
    """Check an uploaded roster and store its problems: status uploaded → checked (rows read; problems listed,
    maybe none) or failed (the file as a whole refused). Does nothing to an import past "uploaded"."""
    roster_import = RosterImport.objects.select_related("cohort").filter(pk=roster_import_id).first()
    if roster_import is None or roster_import.status != ImportStatus.UPLOADED:
        return roster_import
    progress = _progress_of(roster_import) if track_progress else None
    result = _check_stored_file(roster_import, progress)
    _store_check(
        roster_import,
        result,
        only_if=ImportStatus.UPLOADED,
        processed_rows=result.total_rows,
        finished_at=timezone.now() if result.refused else None,
    )
    if result.refused:
        discard_file(roster_import)
    roster_import.refresh_from_db()
    return roster_import


def run_roster_import(*, roster_import_id: int, by_id: int | None, track_progress: bool = False) -> int:
    """Import a confirmed roster (status "running"): read and check it again (the portal may have changed since
    the preview), hash the initial passwords it gives, then save everything in one transaction. Returns the
    number of employees created, 0 if nothing was done.

    Safe to run twice: every final write is conditional on the status still being "running", and the save
    locks the import row first, so a second run finds "done" and stops.
    """
    roster_import = RosterImport.objects.select_related("cohort").filter(pk=roster_import_id).first()
    if roster_import is None or roster_import.status != ImportStatus.RUNNING:
        return 0
    by = User.objects.filter(pk=by_id).first() if by_id else None
    progress = _progress_of(roster_import) if track_progress else None
    result = _check_stored_file(roster_import, progress)
    if not result.ok:
        # Someone took an employee number or changed a mentor since the preview: back to the preview.
        _store_check(roster_import, result, only_if=ImportStatus.RUNNING)
        return 0
    hashes = hash_passwords(result.rows, progress)
    try:
        with transaction.atomic():
            locked = RosterImport.objects.select_for_update().filter(pk=roster_import.pk, status=ImportStatus.RUNNING)
            if not locked.exists():
                return 0
            employees = save_roster(cohort=roster_import.cohort, rows=result.rows, by=by, password_hashes=hashes)
            _store(
                roster_import,
                only_if=ImportStatus.RUNNING,
                status=ImportStatus.DONE,
                created_count=len(employees),
                processed_rows=result.total_rows,
                finished_at=timezone.now(),
                problems=[],
            )
    except IntegrityError:
        fail_roster_import(
            roster_import_id=roster_import.pk,
            message=_(
                "Employees with the same numbers were added while the file was being imported. Nothing was saved. "
                "Upload the file again to see which rows."
            ),
        )
        return 0
    discard_file(roster_import)
    return len(employees)


def fail_roster_import(*, roster_import_id: int, message: str | None = None) -> None:
    """Mark a running import failed (nothing was saved: the save is one transaction) and drop its file."""
    roster_import = RosterImport.objects.filter(pk=roster_import_id).first()
    if roster_import is None:
        return
    message = message or _("The import failed unexpectedly. Nothing was saved. Try again; if it fails again, tell IT.")
    changed = RosterImport.objects.filter(
        pk=roster_import_id, status__in=[ImportStatus.RUNNING, ImportStatus.UPLOADED]
    ).update(status=ImportStatus.FAILED, problems=[Problem(None, "", message).as_dict()], finished_at=timezone.now())
    if changed:
        discard_file(roster_import)


def expire_stale_imports(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Uploads nobody confirmed within a day fail, and their files (which may hold passwords) are deleted."""
    cutoff = timezone.now() - older_than
    stale = list(
        RosterImport.objects.filter(status=ImportStatus.CHECKED, uploaded_at__lt=cutoff).exclude(file="").only("file")
    )
    for roster_import in stale:
        roster_import.file.delete(save=False)
    if stale:
        RosterImport.objects.filter(pk__in=[r.pk for r in stale]).update(
            status=ImportStatus.FAILED,
            file="",
            finished_at=timezone.now(),
            problems=[Problem(None, "", _("Not confirmed within a day; the file was deleted.")).as_dict()],
        )
    return len(stale)
