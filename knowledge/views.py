"""Knowledge-update pages. Recipients: their list, an update (read, confirm, quiz), old versions and files.
HR and trainers: the list with rates, publishing, a new version, the status per team and person, the
xlsx export, adding people."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.csp import CSP_HEADER, UPLOAD_POLICY
from common.http import AuthenticatedHttpRequest
from common.xlsx.render import write_workbook
from employees.permissions import employee_of, role_required
from employees.roles import Role

from .exports import status_sheets
from .forms import AddPeopleForm, UpdateForm
from .permissions import (
    get_attachment_for_user,
    get_managed_update,
    get_own_update,
    get_version_for_user,
    may_publish,
)
from .selectors import staff_updates, status_of, updates_for
from .services import (
    KnowledgeError,
    add_people,
    confirm,
    publish_update,
    publish_version,
    quiz_spec_of,
    record_read,
    start_quiz,
)

RECIPIENTS = (Role.TRAINEE, Role.MENTOR)
EVERYONE = (Role.HR, Role.TRAINER, Role.MENTOR, Role.TRAINEE)
PAGE_SIZE = 50
LATE_LISTED = 200


# ---------------------------------------------------------------------------- recipients


@role_required(*RECIPIENTS)
def my_updates(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = employee_of(request.user)
    mine = updates_for(employee) if employee else []
    return render(request, "knowledge/my_updates.html", {"employee": employee, "mine": mine})


@role_required(*RECIPIENTS)
def update_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The current version; opening it counts as read."""
    update, employee = get_own_update(request.user, pk)
    version = update.current
    assert version is not None  # get_own_update refuses an update without one
    receipt = record_read(version=version, employee=employee)
    attempts = []
    passed = False
    if version.quiz is not None:
        attempts = list(version.quiz.attempts.filter(employee=employee, is_practice=False).order_by("number"))
        passed = any(a.passed for a in attempts)
    context = {
        "update": update,
        "version": version,
        "receipt": receipt,
        "quiz": version.quiz,
        "attempts": attempts,
        "open_attempt": next((a for a in attempts if a.is_open), None),
        "attempts_left": max(version.quiz.max_attempts - len(attempts), 0) if version.quiz else 0,
        "passed": passed,
        "done": receipt.confirmed_at is not None and (passed or version.quiz is None),
        "late": receipt.confirmed_at is None and timezone.localdate() > version.deadline,
        "attachments": list(version.attachments.all()),
        "older": list(
            update.versions.exclude(pk=version.pk).order_by("-number").only("number", "title", "published_at")
        ),
    }
    return render(request, "knowledge/update_detail.html", context)


def _version_number(request: AuthenticatedHttpRequest) -> int:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 6 else 0


@role_required(*RECIPIENTS)
@require_POST
def update_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    update, employee = get_own_update(request.user, pk)
    try:
        confirm(update=update, employee=employee, version_number=_version_number(request))
        messages.success(request, _("Thank you: you confirmed that you have read and understood this update."))
    except KnowledgeError as exc:
        messages.error(request, str(exc))
    return redirect("knowledge_detail", pk=update.pk)


@role_required(*RECIPIENTS)
@require_POST
def update_quiz(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    update, employee = get_own_update(request.user, pk)
    try:
        attempt = start_quiz(update=update, employee=employee)
    except KnowledgeError as exc:
        messages.error(request, str(exc))
        return redirect("knowledge_detail", pk=update.pk)
    return redirect("attempt_take", pk=attempt.pk)


@role_required(*EVERYONE)
def version_detail(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    """Any version, as it was published: for its recipients and the staff who manage the update."""
    version = get_version_for_user(request.user, pk, number)
    return render(
        request,
        "knowledge/version_detail.html",
        {
            "version": version,
            "update": version.update,
            "attachments": list(version.attachments.all()),
            "is_current": version.update.current_id == version.pk,
        },
    )


@role_required(*EVERYONE)
def attachment(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Always a download under a policy that runs nothing, as plan materials are."""
    item = get_attachment_for_user(request.user, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    assert item.file.name is not None
    response = FileResponse(handle, as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])
    response[CSP_HEADER] = UPLOAD_POLICY
    return response


# ---------------------------------------------------------------------------- staff


@role_required(Role.HR, Role.TRAINER)
def manage_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(staff_updates(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/manage_list.html", {"page": page, "updates": list(page.object_list)})


@role_required(Role.HR, Role.TRAINER)
@require_http_methods(["GET", "POST"])
def update_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update = publish_update(
                category=data["category"],
                audience=form.audience,
                named=data["people"],
                title=data["title"],
                body=data["body"],
                deadline=data["deadline"],
                quiz=form.quiz,
                requires_refresher=data["requires_refresher"],
                files=form.new_files,
                by=request.user,
            )
        except KnowledgeError as exc:
            form.add_error(None, str(exc))
        else:
            count = update.recipients.count()
            messages.success(
                request,
                ngettext(
                    "The update is published to %(count)d person.",
                    "The update is published to %(count)d people.",
                    count,
                )
                % {"count": count},
            )
            return redirect("knowledge_status", pk=update.pk)
    return render(request, "knowledge/update_form.html", {"form": form, "update": None})


@role_required(Role.HR, Role.TRAINER)
@require_http_methods(["GET", "POST"])
def update_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Editing publishes a new version, which everyone confirms again."""
    update = get_managed_update(request.user, pk)
    current = update.current
    if current is None:
        raise Http404
    initial = {"title": current.title, "body": current.body, "deadline": current.deadline}
    spec = quiz_spec_of(current.quiz)
    if spec is not None:
        initial.update(
            quiz_questions=spec.questions,
            quiz_category=spec.category,
            quiz_pass_mark=spec.pass_mark,
            quiz_attempts=spec.attempts,
        )
    initial["keep"] = list(current.attachments.all())
    form = UpdateForm(request.POST or None, request.FILES or None, initial=initial, new_version_of=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = publish_version(
                update=update,
                title=data["title"],
                body=data["body"],
                change_note=data["change_note"],
                deadline=data["deadline"],
                quiz=form.quiz,
                keep=list(data.get("keep") or []),
                files=form.new_files,
                by=request.user,
            )
        except KnowledgeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Version %(n)s is published; everyone has to confirm it again.") % {"n": version.number},
            )
            return redirect("knowledge_status", pk=update.pk)
    return render(request, "knowledge/update_form.html", {"form": form, "update": update, "current": current})


@role_required(Role.HR, Role.TRAINER)
def update_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Per team: read, confirmed, passed, done; the late people; the versions."""
    update = get_managed_update(request.user, pk)
    version = update.current
    if version is None:
        raise Http404
    status = status_of(update, version)
    late = status.late
    return render(
        request,
        "knowledge/update_status.html",
        {
            "update": update,
            "version": version,
            "status": status,
            "late": late[:LATE_LISTED],
            "late_more": max(len(late) - LATE_LISTED, 0),
            "past_deadline": timezone.localdate() > version.deadline,
            "versions": list(update.versions.order_by("-number").select_related("published_by")),
            "add_form": AddPeopleForm(),
            "may_publish": may_publish(request.user),
        },
    )


@role_required(Role.HR, Role.TRAINER)
@require_POST
def update_add_people(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    update = get_managed_update(request.user, pk)
    form = AddPeopleForm(request.POST)
    if form.is_valid():
        try:
            added = add_people(
                update=update,
                named=form.cleaned_data["people"],
                everyone_matching=form.cleaned_data["everyone_matching"],
                by=request.user,
            )
        except KnowledgeError as exc:
            messages.error(request, str(exc))
        else:
            if added:
                messages.success(
                    request,
                    ngettext("%(count)d person added and told.", "%(count)d people added and told.", added)
                    % {"count": added},
                )
            else:
                messages.info(request, _("Nobody new: everyone named already receives this update."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("knowledge_status", pk=update.pk)


@role_required(Role.HR, Role.TRAINER)
def update_export(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The per-person status as xlsx, built in the request: one row per recipient."""
    update = get_managed_update(request.user, pk)
    version = update.current
    if version is None:
        raise Http404
    status = status_of(update, version)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes (and so deletes) it
    write_workbook(Path(handle.name), status_sheets(update, status))
    handle.seek(0)
    name = _("Knowledge update %(id)s status %(date)s.xlsx") % {
        "id": update.pk,
        "date": timezone.localdate().strftime("%Y%m%d"),
    }
    return FileResponse(handle, as_attachment=True, filename=name)
