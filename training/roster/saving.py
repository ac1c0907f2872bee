"""Saving a checked roster in one transaction, and a RosterImport through its statuses."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, TypeVar

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, router, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import insert_rows, insert_rows_with_ids
from employees.models import Employee, Preference, StatusChange
from employees.roles import Role
from training.models import Cohort, ImportStatus, RosterImport
from training.services import enroll

from .columns import PROGRESS_EVERY, SYNC_ROWS, Problem, RosterRow
from .passwords import initial_password_hash
from .reading import Progress, check_roster, stored_problems

# An import being checked or imported with no progress for this long lost its worker: the sweeper marks it
# failed and keeps the file, so that HR can retry it from the import's page. A background check or import
# writes its progress every 500 rows (about a second) and the final transaction of 20,000 rows takes well
# under a minute.
STALL_AFTER = timedelta(minutes=15)

M = TypeVar("M", bound=Model)


class RosterRefusedError(Exception):
    """The rows still have problems (or there are none); nothing was saved."""


def unusable_password() -> str:
    """What ``make_password(None)`` stores, without its cost: 40 random characters behind the "!" prefix."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def hash_passwords(rows: Iterable[RosterRow], progress: Progress | None = None) -> dict[int, str]:
    """Hash the initial passwords the file gives with the one-time hasher (``common.hashers``): each must be
    changed at the first login, where Django hashes the person's own at full strength. ``progress`` hears how
    many rows are done, counting from the first row again."""
    hashes: dict[int, str] = {}
    for position, row in enumerate(rows, start=1):
        if row.password:
            hashes[row.row] = initial_password_hash(row.password)
            if progress and position % PROGRESS_EVERY == 0:
                progress(position)
    return hashes


@transaction.atomic
def save_roster(
    *, cohort: Cohort, rows: list[RosterRow], by: User | None, password_hashes: dict[int, str] | None = None
) -> list[Employee]:
    """Create every row's login and employee and enroll them all in the cohort, or nothing.

    Every table gets one COPY on PostgreSQL (`common.bulk`; logins and employees with keys taken from their
    sequences first), batched INSERTs elsewhere. The other statements do not depend on the
    number of rows. Raises
    RosterRefusedError for an empty list, and lets IntegrityError through if a number was taken meanwhile.
    """
    if not rows:
        raise RosterRefusedError(_("The file has no employees; nothing was imported."))
    hashes = password_hashes or {}
    today, now = timezone.localdate(), timezone.now()
    users = _created(
        User,
        ["username", "first_name", "email", "password", "date_joined"],
        [(row.employee_no, row.name, row.email, hashes.get(row.row) or unusable_password(), now) for row in rows],
    )
    groups = dict(Group.objects.filter(name__in=[Role.TRAINEE, Role.MENTOR]).values_list("name", "pk"))
    insert_rows(User.groups.through, ["user_id", "group_id"], [(user.pk, groups[Role.TRAINEE]) for user in users])
    insert_rows(Preference, ["user_id", "must_set_password"], [(user.pk, True) for user in users])
    employees = _created(
        Employee,
        ["user_id", "employee_no", "name", "phone", "tier", "position_class", "hire_date", "team", "mentor_id"],
        [
            (
                user.pk,
                row.employee_no,
                row.name,
                row.phone,
                row.tier or cohort.tier,
                row.position_class,
                row.hire_date or today,
                row.team,
                row.mentor_id,
            )
            for row, user in zip(rows, users, strict=True)
        ],
    )
    for employee, user in zip(employees, users, strict=True):
        employee.user = user  # enroll() and the pages read it; spare them a query each
    _record_created(employees, by)
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


def _created(model: type[M], fields: list[str], rows: list[tuple[Any, ...]]) -> list[M]:
    """Insert ``rows`` (by ``insert_rows_with_ids``: a COPY on PostgreSQL) and return them as saved instances,
    built from the same values without reading them back: enroll() and the pages use them."""
    ids = insert_rows_with_ids(model, fields, rows)
    created = []
    for pk, row in zip(ids, rows, strict=True):
        obj = model(pk=pk, **dict(zip(fields, row, strict=True)))
        obj._state.adding = False
        obj._state.db = router.db_for_write(model)
        created.append(obj)
    return created


def _record_created(employees: list[Employee], by: User | None) -> None:
    """The audit history's first entry of each imported employee (what a save would record), in one COPY:
    later changes of tier or mentor are shown against it."""
    fields = ["id", "user_id", "employee_no", "name", "phone", "tier", "position_class", "hire_date", "team"]
    now, by_id = timezone.now(), by.pk if by else None
    insert_rows(
        Employee.history.model,
        [*fields, "mentor_id", "history_date", "history_type", "history_user_id"],
        [(*(getattr(e, f) for f in fields), e.mentor_id, now, "+", by_id) for e in employees],
    )


# ---------------------------------------------------------------------------- a RosterImport through its statuses


def _store(roster_import: RosterImport, *, only_if: str, **fields: Any) -> bool:
    """Change an import only if it still has the status ``only_if``; True if it did."""
    return bool(RosterImport.objects.filter(pk=roster_import.pk, status=only_if).update(**fields))


def _progress_of(roster_import: RosterImport) -> Progress:
    def report(done: int) -> None:
        RosterImport.objects.filter(pk=roster_import.pk).update(processed_rows=done, heartbeat=timezone.now())

    return report


def discard_file(roster_import: RosterImport) -> None:
    """Delete the stored upload: it may hold initial passwords in clear, and is not needed after the import."""
    if roster_import.file:
        roster_import.file.delete(save=False)
    RosterImport.objects.filter(pk=roster_import.pk).update(file="")


def needs_background(roster_import: RosterImport) -> bool:
    """Files over SYNC_ROWS rows run in the Celery worker with a progress bar; the rest within the request.
    Initial passwords no longer count: the one-time hasher takes well under a millisecond a row."""
    return roster_import.total_rows > SYNC_ROWS


def check_roster_import(*, roster_import_id: int, track_progress: bool = False) -> RosterImport | None:
    """Check an uploaded roster and store its problems: status uploaded → checked (rows read; problems listed,
    maybe none) or failed (the file as a whole refused). Does nothing to an import past "uploaded"."""
    roster_import = RosterImport.objects.select_related("cohort").filter(pk=roster_import_id).first()
    if roster_import is None or roster_import.status != ImportStatus.UPLOADED:
        return roster_import
    progress = _progress_of(roster_import) if track_progress else None
    with roster_import.file.open("rb") as handle:
        result = check_roster(handle, name=roster_import.original_name, cohort=roster_import.cohort, progress=progress)
    status = ImportStatus.FAILED if result.refused else ImportStatus.CHECKED
    _store(
        roster_import,
        only_if=ImportStatus.UPLOADED,
        status=status,
        problems=stored_problems(result.problems),
        notes=stored_problems(result.notes),
        total_rows=result.total_rows,
        processed_rows=result.total_rows,
        finished_at=timezone.now() if status == ImportStatus.FAILED else None,
    )
    if status == ImportStatus.FAILED:
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
    with roster_import.file.open("rb") as handle:
        result = check_roster(handle, name=roster_import.original_name, cohort=roster_import.cohort, progress=progress)
    if not result.ok:
        # Someone took an employee number or changed a mentor since the preview: back to the preview.
        status = ImportStatus.FAILED if result.refused else ImportStatus.CHECKED
        _store(
            roster_import,
            only_if=ImportStatus.RUNNING,
            status=status,
            problems=stored_problems(result.problems),
            total_rows=result.total_rows,
        )
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


def fail_stalled_imports(*, stalled_for: timedelta = STALL_AFTER) -> int:
    """Imports being checked or imported with no progress for ``stalled_for``: their worker died. Mark them
    failed, remember where they stopped (``stalled_in``) and keep the file for a retry (it is deleted after a
    day, like an unconfirmed upload). Nothing was saved: the import is one transaction. Returns how many.

    Each update is conditional on the import still being stalled; a redelivered task that comes later finds
    the import failed and does nothing (both tasks act only on the status they expect)."""
    cutoff = timezone.now() - stalled_for
    message = Problem(
        None,
        "",
        _(
            "The background worker stopped before the file was finished. Nothing was saved. "
            "Retry, or upload the file again."
        ),
    ).as_dict()
    failed = 0
    for status in (ImportStatus.UPLOADED, ImportStatus.RUNNING):
        stalled = (
            RosterImport.objects.filter(status=status).exclude(heartbeat__gte=cutoff).filter(uploaded_at__lt=cutoff)
        )
        failed += stalled.update(
            status=ImportStatus.FAILED, stalled_in=status, problems=[message], finished_at=timezone.now()
        )
    return failed


def retry_roster_import(*, roster_import: RosterImport) -> str:
    """Put an import whose worker died back where it stopped: "uploaded" (the check) or "running" (the import).
    Conditional on the import still being failed that way, so a double click retries once. Returns the status
    it went back to; the caller queues the task. Raises RosterRefusedError when it cannot be retried."""
    stalled_in = roster_import.stalled_in
    if roster_import.status != ImportStatus.FAILED or not stalled_in or not roster_import.file:
        raise RosterRefusedError(_("This import cannot be retried. Upload the file again."))
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status=ImportStatus.FAILED, stalled_in=stalled_in
    ).update(
        status=stalled_in, stalled_in="", problems=[], processed_rows=0, finished_at=None, heartbeat=timezone.now()
    )
    if not claimed:
        raise RosterRefusedError(_("This import cannot be retried. Upload the file again."))
    return stalled_in


def expire_stale_imports(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Uploads nobody confirmed within a day fail, and their files (which may hold passwords) are deleted; so
    are the files of imports whose worker died and that nobody retried within a day."""
    cutoff = timezone.now() - older_than
    abandoned = list(
        RosterImport.objects.filter(status=ImportStatus.FAILED, finished_at__lt=cutoff).exclude(file="").only("file")
    )
    for roster_import in abandoned:
        roster_import.file.delete(save=False)
    if abandoned:
        RosterImport.objects.filter(pk__in=[r.pk for r in abandoned]).update(file="", stalled_in="")
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
