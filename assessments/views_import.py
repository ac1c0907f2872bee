"""Question import pages for HR and trainers: upload → preview with every problem → confirm.

The preview never saves. A file without problems is kept under the uploader's own folder and named by a
random token; confirming reads it again (the bank may have changed meanwhile) and saves all or nothing.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role

from .forms_import import QuestionImportForm
from .question_import import (
    MAX_MB,
    MAX_ROWS,
    XLSX_CONTENT_TYPE,
    ImportResult,
    PendingUploadNotFoundError,
    build_template,
    claim_upload,
    column_guide,
    import_questions,
    keep_upload,
    read_questions,
)


def _upload_page(request: HttpRequest, form: QuestionImportForm, result: ImportResult | None = None) -> HttpResponse:
    return render(
        request,
        "assessments/import/upload.html",
        {
            "form": form,
            "problems": result.problems if result else [],
            "columns": column_guide(),
            "max_rows": MAX_ROWS,
            "max_mb": MAX_MB,
        },
    )


def _preview_page(request: HttpRequest, result: ImportResult, *, filename: str, token: UUID | None) -> HttpResponse:
    return render(
        request,
        "assessments/import/preview.html",
        {"result": result, "filename": filename, "token": token, "form": QuestionImportForm()},
    )


@role_required(Role.HR, Role.TRAINER)
@require_http_methods(["GET", "POST"])
def question_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file and show the preview; keep the file only if it is clean."""
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, form)
    upload = form.cleaned_data["file"]
    result = read_questions(upload, name=upload.name, size=upload.size)
    if not result.rows:  # nothing to preview: the file, or its header row, could not be read
        return _upload_page(request, QuestionImportForm(), result)
    token = keep_upload(user_id=request.user.pk, upload=upload) if result.ok else None
    return _preview_page(request, result, filename=upload.name, token=token)


@role_required(Role.HR, Role.TRAINER)
@require_http_methods(["GET"])
def question_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return HttpResponse(
        build_template(),
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, "题目导入模板.xlsx")},
    )


@role_required(Role.HR, Role.TRAINER)
@require_POST
def question_import_confirm(request: AuthenticatedHttpRequest, token: UUID) -> HttpResponse:
    """Import the previewed file. Only its uploader can; a token that is not theirs (or used already) is a 404."""
    try:
        path = claim_upload(user_id=request.user.pk, token=token)
    except PendingUploadNotFoundError as exc:
        raise Http404 from exc
    try:
        with path.open("rb") as handle:
            result = read_questions(handle, name=path.with_suffix(".xlsx").name)
        if not result.ok:
            # Someone added the same questions since the preview, or a category went away.
            messages.error(request, _("Nothing was imported: the bank has changed since the preview."))
            return _preview_page(request, result, filename="", token=None)
        questions = import_questions(result=result)
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request,
        ngettext(
            "%(count)s question was imported into the bank.",
            "%(count)s questions were imported into the bank.",
            len(questions),
        )
        % {"count": len(questions)},
    )
    # The changelist filtered from the first new question on: what was just imported (and anything added since).
    changelist = reverse("admin:assessments_question_changelist")
    return redirect(f"{changelist}?id__gte={min(q.pk for q in questions)}")
