"""Roster import pages (HR only) and the first-login set-password page.

Upload → check → preview with every problem → confirm → import → one-time passwords:

- The upload is refused at once if it is not a usable workbook or its header row is wrong. Otherwise it is
  stored (under a random name) as a ``RosterImport`` and checked: within the request up to ``SYNC_ROWS`` rows,
  by the Celery task ``employees.check_roster`` above that, with a progress bar.
- The import page shows what the import's status calls for: the progress bar, the preview (problems by row
  and column, and the first rows as read), the result, or why it failed.
- Confirming claims the import with a conditional update (checked → running), so a second confirmation does
  nothing; an import with problems cannot be confirmed. Large files, and files that give initial passwords,
  are imported by ``employees.import_roster``.
- The result page offers the one-time passwords of the accounts still without one. The page that creates them
  is the only place they are ever shown: ``Cache-Control: no-store``, the printable .xlsx embedded in the page.
"""

from __future__ import annotations

import base64
import uuid

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role

from .forms_roster import RosterUploadForm
from .models import Cohort, ImportStatus, RosterImport
from .permissions import get_cohort_for_user
from .roster import (
    MAX_MB,
    MAX_ROWS,
    SYNC_ROWS,
    XLSX_CONTENT_TYPE,
    Problem,
    RosterRefusedError,
    build_template,
    check_roster_import,
    column_guide,
    expire_stale_imports,
    fail_roster_import,
    inspect_upload,
    issue_one_time_passwords,
    needs_background,
    password_sheet,
    preview_rows,
    retry_roster_import,
    run_roster_import,
    stored_problems,
    waiting_for_password,
)
from .tasks_roster import check_roster_task, import_roster_task

MEMBERS_SHOWN = 200
RECENT_IMPORTS = 5


def _import_of(cohort: Cohort, import_pk: int) -> RosterImport:
    """The cohort's import; another cohort's (or a made-up) id is a 404."""
    return get_object_or_404(RosterImport.objects.select_related("uploaded_by"), pk=import_pk, cohort=cohort)


def _upload_page(
    request: HttpRequest, cohort: Cohort, form: RosterUploadForm, problems: list[Problem] | None = None
) -> HttpResponse:
    return render(
        request,
        "training/roster/upload.html",
        {
            "cohort": cohort,
            "form": form,
            "problems": [p.as_dict() for p in problems or []],
            "columns": column_guide(),
            "imports": cohort.roster_imports.select_related("uploaded_by")[:RECENT_IMPORTS],
            "waiting": waiting_for_password(cohort).count(),
            "max_rows": number_format(MAX_ROWS, force_grouping=True),
            "sync_rows": number_format(SYNC_ROWS, force_grouping=True),
            "max_mb": MAX_MB,
        },
    )


def _store_upload(
    request: AuthenticatedHttpRequest, cohort: Cohort, upload: UploadedFile, estimated_rows: int
) -> RosterImport:
    """Keep the upload under a random name (the original name is only shown)."""
    roster_import = RosterImport(
        cohort=cohort,
        original_name=(upload.name or "roster.xlsx")[:255],
        uploaded_by=request.user,
        total_rows=min(estimated_rows, MAX_ROWS),
    )
    roster_import.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    roster_import.save()
    return roster_import


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def roster_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the upload form, the columns, the latest imports. POST: refuse a bad file at once, else store and
    check it (here for small files, in the worker for large ones) and go to the import's page."""
    cohort = get_cohort_for_user(request.user, pk)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, cohort, form)
    expire_stale_imports()
    upload = form.cleaned_data["file"]
    inspection = inspect_upload(upload, name=upload.name or "", size=upload.size)
    if inspection.problems:
        # Recorded for the admin, but the file itself is not kept.
        RosterImport.objects.create(
            cohort=cohort,
            file="",
            original_name=(upload.name or "")[:255],
            uploaded_by=request.user,
            status=ImportStatus.FAILED,
            problems=stored_problems(inspection.problems),
            finished_at=timezone.now(),
        )
        return _upload_page(request, cohort, RosterUploadForm(), inspection.problems)
    roster_import = _store_upload(request, cohort, upload, inspection.estimated_rows)
    if inspection.estimated_rows <= SYNC_ROWS:
        check_roster_import(roster_import_id=roster_import.pk)
    else:
        transaction.on_commit(lambda: check_roster_task.delay(roster_import.pk))
    return redirect("roster_import", pk=cohort.pk, import_pk=roster_import.pk)


@role_required(Role.HR)
@require_GET
def roster_template(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    return HttpResponse(
        build_template(cohort),
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, "花名册导入模板.xlsx")},
    )


@role_required(Role.HR)
@require_GET
def roster_import(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """The import's page, whatever its status: progress, preview, result or failure."""
    cohort = get_cohort_for_user(request.user, pk)
    roster_import = _import_of(cohort, import_pk)
    context: dict[str, object] = {"cohort": cohort, "import": roster_import, "problems": roster_import.problems}
    status = roster_import.status
    if status in (ImportStatus.UPLOADED, ImportStatus.RUNNING):
        return render(request, "training/roster/progress.html", context)
    if status == ImportStatus.CHECKED:
        rows = []
        if roster_import.file:
            with roster_import.file.open("rb") as handle:
                rows = preview_rows(handle, name=roster_import.original_name, cohort=cohort)
        flagged = {p["row"] for p in roster_import.problems if p.get("row")}
        for row in rows:
            row.has_problems = row.row in flagged
        context.update(rows=rows, shown_rows={row.row for row in rows}, form=RosterUploadForm())
        return render(request, "training/roster/preview.html", context)
    if status == ImportStatus.DONE:
        members = cohort.enrollments.select_related("employee", "employee__mentor").order_by("employee__employee_no")
        context.update(
            members=members[:MEMBERS_SHOWN],
            member_count=cohort.enrollments.count(),
            members_shown=MEMBERS_SHOWN,
            waiting=waiting_for_password(cohort).count(),
        )
        return render(request, "training/roster/result.html", context)
    context.update(form=RosterUploadForm())
    return render(request, "training/roster/failed.html", context)


def _progress_label(roster_import: RosterImport) -> str:
    total = number_format(roster_import.total_rows, force_grouping=True)
    done = number_format(roster_import.processed_rows, force_grouping=True)
    if roster_import.status == ImportStatus.UPLOADED:
        return _("Checking rows: %(done)s of %(total)s") % {"done": done, "total": total}
    if roster_import.processed_rows < roster_import.total_rows:
        return _("Checking again and preparing the logins: %(done)s of %(total)s rows") % {
            "done": done,
            "total": total,
        }
    return _("Saving to the database and scheduling the plan…")


@role_required(Role.HR)
@require_GET
def roster_status(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> JsonResponse:
    """What the progress bar polls: status, rows processed, and a label in the user's language."""
    cohort = get_cohort_for_user(request.user, pk)
    roster_import = _import_of(cohort, import_pk)
    total = max(roster_import.total_rows, 1)
    finished = roster_import.status not in (ImportStatus.UPLOADED, ImportStatus.RUNNING)
    response = JsonResponse(
        {
            "status": roster_import.status,
            "finished": finished,
            "total": roster_import.total_rows,
            "processed": roster_import.processed_rows,
            "percent": 100 if finished else min(100, round(100 * roster_import.processed_rows / total)),
            "label": roster_import.get_status_display() if finished else _progress_label(roster_import),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.HR)
@require_POST
def roster_confirm(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """Import a checked file without problems; a second confirmation (or one of a file with problems) does nothing."""
    cohort = get_cohort_for_user(request.user, pk)
    roster_import = _import_of(cohort, import_pk)
    if roster_import.status == ImportStatus.CHECKED and roster_import.problems:
        messages.error(request, _("This file has problems, so it cannot be imported. Nothing was saved."))
        return redirect("roster_import", pk=cohort.pk, import_pk=roster_import.pk)
    claimed = RosterImport.objects.filter(pk=roster_import.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.RUNNING, processed_rows=0, heartbeat=timezone.now()
    )
    if not claimed:
        if roster_import.status in (ImportStatus.RUNNING, ImportStatus.DONE):
            messages.info(request, _("This import was already confirmed."))
        else:
            messages.error(request, _("This import cannot be confirmed any more. Upload the file again."))
        return redirect("roster_import", pk=cohort.pk, import_pk=roster_import.pk)
    roster_import.status = ImportStatus.RUNNING
    if needs_background(roster_import):
        transaction.on_commit(lambda: import_roster_task.delay(roster_import.pk, request.user.pk))
        return redirect("roster_import", pk=cohort.pk, import_pk=roster_import.pk)
    try:
        created = run_roster_import(roster_import_id=roster_import.pk, by_id=request.user.pk)
    except Exception:
        fail_roster_import(roster_import_id=roster_import.pk)
        raise
    if not created:  # the result page says what was imported; only a refusal needs a word here
        messages.error(request, _("Nothing was imported: the portal has changed since the preview."))
    return redirect("roster_import", pk=cohort.pk, import_pk=roster_import.pk)


@role_required(Role.HR)
@require_POST
def roster_retry(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """Retry an import whose worker died: the check or the import starts again in the worker, from the kept file."""
    cohort = get_cohort_for_user(request.user, pk)
    roster_import = _import_of(cohort, import_pk)
    try:
        status = retry_roster_import(roster_import=roster_import)
    except RosterRefusedError as exc:
        messages.error(request, str(exc))
        return redirect("roster_import", pk=cohort.pk, import_pk=roster_import.pk)
    if status == ImportStatus.UPLOADED:
        transaction.on_commit(lambda: check_roster_task.delay(roster_import.pk))
    else:
        transaction.on_commit(lambda: import_roster_task.delay(roster_import.pk, request.user.pk))
    messages.success(request, _("The file is being processed again."))
    return redirect("roster_import", pk=cohort.pk, import_pk=roster_import.pk)


@role_required(Role.HR)
@require_POST
@never_cache
def roster_passwords(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Create one-time passwords for the cohort's accounts still without one, and show them, this once."""
    cohort = get_cohort_for_user(request.user, pk)
    issued = issue_one_time_passwords(cohort=cohort)
    if not issued:
        messages.info(request, _("No account of this cohort is waiting for a password."))
        return redirect("roster_upload", pk=cohort.pk)
    sheet = base64.b64encode(password_sheet(issued)).decode("ascii")
    return render(
        request,
        "training/roster/passwords.html",
        {
            "cohort": cohort,
            "issued": issued,
            "sheet_href": f"data:{XLSX_CONTENT_TYPE};base64,{sheet}",
            "sheet_name": f"初始密码-{cohort.name}.xlsx",
        },
    )
