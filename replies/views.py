"""Quick-reply pages: the library (team and mine, searchable, a copy button per phrase), proposing to the team,
the trainers' approval queue, one's own phrases and groups, import (upload → preview → confirm) and export."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from common.pending import PendingUploadNotFoundError
from employees.models import PositionClass
from employees.permissions import role_required
from wording.matching import current_matcher

from .exports import FORMATS, export_library
from .forms import GroupForm, ImportForm, PersonalPhraseForm, RejectForm, TeamPhraseForm, curates_team
from .imports import (
    MAX_MB,
    MAX_ROWS,
    ImportCheck,
    check_import,
    claim_upload,
    keep_upload,
    save_import,
)
from .models import Phrase, PhraseGroup, PhraseStatus, Scope, split_list, suits_q, tagged_q
from .permissions import CURATORS, USERS, get_group, get_own_phrase, get_proposal, get_team_phrase
from .selectors import usable_phrases
from .services import (
    ReplyError,
    approve_phrase,
    banned_hits,
    delete_group,
    delete_phrase,
    describe_hits,
    edit_team_phrase,
    propose_phrase,
    reject_phrase,
    save_group,
    save_personal_phrase,
)

PHRASES_PER_PAGE = 50
PREVIEW_ROWS = 300
TEAM, MINE = "team", "mine"


def _lib_scope(lib: str, user: Any) -> str:
    """The scope a ``team``/``mine`` URL names; the team's needs a trainer or HR."""
    if lib == MINE:
        return Scope.PERSONAL
    if lib != TEAM:
        raise Http404
    if not curates_team(user):
        raise PermissionDenied
    return Scope.TEAM


# ---------------------------------------------------------------------------- the library


def _text_param(request: AuthenticatedHttpRequest, name: str, limit: int) -> str:
    """A search value as typed, without NUL characters (PostgreSQL refuses them), cut to ``limit``."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:limit]


@role_required(*USERS)
@require_GET
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Team phrases (approved) or mine, searched by text or code prefix, filtered by group, class and tag."""
    user = request.user
    tab = MINE if request.GET.get("tab") == MINE else TEAM
    scope = Scope.PERSONAL if tab == MINE else Scope.TEAM
    query = _text_param(request, "q", 100)
    group_param = request.GET.get("group", "")
    group_id = int(group_param) if group_param.isascii() and group_param.isdigit() and len(group_param) < 10 else None
    position_class = request.GET.get("cls", "")
    tag = _text_param(request, "tag", 50)
    phrases = usable_phrases(user).filter(group__scope=scope)
    tag_source = phrases
    if query:
        phrases = phrases.filter(Q(text__icontains=query) | Q(code__istartswith=query))
    if group_id is not None:
        phrases = phrases.filter(group_id=group_id)
    if position_class in PositionClass.values:
        phrases = phrases.filter(suits_q(position_class))
    else:
        position_class = ""
    if tag:
        phrases = phrases.filter(tagged_q(tag))
    page = Paginator(phrases, PHRASES_PER_PAGE).get_page(request.GET.get("page"))
    groups = PhraseGroup.objects.filter(scope=scope).order_by("order", "name")
    if scope == Scope.PERSONAL:
        groups = groups.filter(owner=user)
    tags = sorted(
        {t for value in tag_source.exclude(tags="").values_list("tags", flat=True) for t in split_list(value)}
    )
    curator = curates_team(user)
    mine_waiting = []
    if tab == TEAM:
        mine_waiting = list(
            Phrase.objects.filter(group__scope=Scope.TEAM, proposed_by=user)
            .exclude(status=PhraseStatus.APPROVED)
            .select_related("group")
            .order_by("-updated_at")[:10]
        )
    return render(
        request,
        "replies/library.html",
        {
            "tab": tab,
            "page": page,
            "query": query,
            "groups": groups,
            "group_id": group_id,
            "position_class": position_class,
            "position_classes": PositionClass.choices,
            "tags": tags,
            "tag": tag,
            "curator": curator,
            "mine_waiting": mine_waiting,
            "waiting_count": (
                Phrase.objects.filter(group__scope=Scope.TEAM, status=PhraseStatus.PROPOSED).count()
                if curator and tab == TEAM
                else 0
            ),
            "filtered": bool(query or group_id is not None or position_class or tag),
        },
    )


# ---------------------------------------------------------------------------- team phrases


@role_required(*USERS)
@require_http_methods(["GET", "POST"])
def propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TeamPhraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phrase = propose_phrase(group=form.cleaned_data["group"], by=request.user, **form.values())
        except ReplyError as error:
            messages.error(request, str(error))
        else:
            blocked, warnings = banned_hits(phrase.text)
            if blocked or warnings:
                messages.warning(
                    request,
                    _("Your phrase holds words a trainer will ask you to change: %(words)s.")
                    % {"words": describe_hits([*blocked, *warnings])},
                )
            messages.success(request, _("Proposed. A trainer will look at it before it joins the team library."))
            return redirect("replies_library")
    has_groups = PhraseGroup.objects.filter(scope=Scope.TEAM).exists()
    return render(request, "replies/propose.html", {"form": form, "has_groups": has_groups})


@role_required(*CURATORS)
@require_GET
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The proposals waiting for a trainer, oldest first, with their banned words marked."""
    proposals = (
        Phrase.objects.filter(group__scope=Scope.TEAM, status=PhraseStatus.PROPOSED)
        .select_related("group", "proposed_by")
        .order_by("created_at", "id")
    )
    page = Paginator(proposals, PHRASES_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    matcher = current_matcher()
    for phrase in page:
        blocked, warnings = banned_hits(phrase.text, matcher)
        rows.append((phrase, describe_hits(blocked), describe_hits(warnings)))
    return render(request, "replies/review.html", {"page": page, "rows": rows, "reject_form": RejectForm()})


@role_required(*CURATORS)
@require_POST
def approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    phrase = get_proposal(pk)
    try:
        warnings = approve_phrase(phrase=phrase, by=request.user)
    except ReplyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Approved: the phrase is in the team library."))
        if warnings:
            messages.warning(request, _("Mind these words: %(words)s.") % {"words": describe_hits(warnings)})
    return redirect("replies_review")


@role_required(*CURATORS)
@require_POST
def reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    phrase = get_proposal(pk)
    form = RejectForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    reject_phrase(phrase=phrase, by=request.user, note=note)
    messages.success(request, _("Sent back to its proposer."))
    return redirect("replies_review")


@role_required(*CURATORS)
@require_http_methods(["GET", "POST"])
def team_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    phrase = get_team_phrase(pk)
    initial = {**TeamPhraseForm.initial_of(phrase), "group": phrase.group}
    form = TeamPhraseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            warnings = edit_team_phrase(
                phrase=phrase, group=form.cleaned_data["group"], by=request.user, **form.values()
            )
        except ReplyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
            if warnings:
                messages.warning(request, _("Mind these words: %(words)s.") % {"words": describe_hits(warnings)})
            return redirect("replies_library")
    return render(request, "replies/phrase_form.html", {"form": form, "phrase": phrase, "team": True})


@role_required(*CURATORS)
@require_POST
def team_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delete_phrase(phrase=get_team_phrase(pk))
    messages.success(request, _("The phrase was deleted."))
    return redirect("replies_library")


# ---------------------------------------------------------------------------- my own phrases


@role_required(*USERS)
@require_http_methods(["GET", "POST"])
def mine_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    phrase = get_own_phrase(request.user, pk) if pk is not None else None
    initial = {**PersonalPhraseForm.initial_of(phrase), "group_name": phrase.group.name} if phrase else None
    form = PersonalPhraseForm(request.POST or None, initial=initial, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            save_personal_phrase(
                owner=request.user, phrase=phrase, group_name=form.cleaned_data["group_name"], **form.values()
            )
        except ReplyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved in your library."))
            return redirect(f"{_library_url()}?tab=mine")
    return render(request, "replies/phrase_form.html", {"form": form, "phrase": phrase, "team": False})


def _library_url() -> str:
    return reverse("replies_library")


@role_required(*USERS)
@require_POST
def mine_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delete_phrase(phrase=get_own_phrase(request.user, pk))
    messages.success(request, _("The phrase was deleted."))
    return redirect(f"{_library_url()}?tab=mine")


# ---------------------------------------------------------------------------- groups


@role_required(*USERS)
@require_http_methods(["GET", "POST"])
def groups(request: AuthenticatedHttpRequest, lib: str) -> HttpResponse:
    """A library's groups with how many phrases each holds, and a form to add one."""
    scope = _lib_scope(lib, request.user)
    owner = request.user if scope == Scope.PERSONAL else None
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save_group(scope=scope, owner=owner, **form.cleaned_data)
        except ReplyError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("The group was added."))
            return redirect("replies_groups", lib=lib)
    listed = (
        PhraseGroup.objects.filter(scope=scope, owner=owner)
        .annotate(n_phrases=Count("phrases"))
        .order_by("order", "name", "id")
    )
    return render(request, "replies/groups.html", {"groups": listed, "form": form, "lib": lib})


@role_required(*USERS)
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthenticatedHttpRequest, lib: str, pk: int) -> HttpResponse:
    scope = _lib_scope(lib, request.user)
    group = get_group(request.user, pk, team=scope == Scope.TEAM)
    form = GroupForm(request.POST or None, initial={"name": group.name, "order": group.order})
    if request.method == "POST" and form.is_valid():
        try:
            save_group(scope=scope, owner=group.owner, group=group, **form.cleaned_data)
        except ReplyError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("replies_groups", lib=lib)
    return render(request, "replies/group_form.html", {"form": form, "group": group, "lib": lib})


@role_required(*USERS)
@require_POST
def group_delete(request: AuthenticatedHttpRequest, lib: str, pk: int) -> HttpResponse:
    scope = _lib_scope(lib, request.user)
    group = get_group(request.user, pk, team=scope == Scope.TEAM)
    try:
        delete_group(group=group)
    except ReplyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The group was deleted."))
    return redirect("replies_groups", lib=lib)


# ---------------------------------------------------------------------------- import and export


def _import_page(request: AuthenticatedHttpRequest, form: ImportForm, problem: str = "") -> HttpResponse:
    return render(
        request, "replies/import.html", {"form": form, "problem": problem, "max_mb": MAX_MB, "max_rows": MAX_ROWS}
    )


def _preview_page(request: AuthenticatedHttpRequest, check: ImportCheck, token: UUID | None) -> HttpResponse:
    shown = [row for row in check.rows if row.kind != "unchanged"][:PREVIEW_ROWS]
    return render(
        request,
        "replies/import_preview.html",
        {
            "check": check,
            "counts": check.counts,
            "shown": shown,
            "token": token,
            "scope_label": Scope(check.scope).label,
        },
    )


@role_required(*USERS)
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file and show the preview; keep it only if it can be imported."""
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
    if not posted or not form.is_valid():
        return _import_page(request, form)
    upload = form.cleaned_data["file"]
    scope, mode = form.cleaned_data["scope"], form.cleaned_data["mode"]
    check = check_import(upload, name=upload.name, size=upload.size, scope=scope, mode=mode, by=request.user)
    if check.problem:
        return _import_page(request, form, check.problem)
    token = (
        keep_upload(user_id=request.user.pk, upload=upload, name=upload.name, scope=scope, mode=mode)
        if check.importable
        else None
    )
    return _preview_page(request, check, token)


@role_required(*USERS)
@require_POST
def import_confirm(request: AuthenticatedHttpRequest, token: UUID) -> HttpResponse:
    """Import the previewed file. Only its uploader can; a token that is not theirs (or used already) is a 404."""
    try:
        pending = claim_upload(user_id=request.user.pk, token=token)
    except PendingUploadNotFoundError as exc:
        raise Http404 from exc
    if pending.scope == Scope.TEAM and not curates_team(request.user):
        pending.path.unlink(missing_ok=True)
        raise PermissionDenied
    try:
        with pending.path.open("rb") as handle:
            size = pending.path.stat().st_size
            check = check_import(
                handle, name=pending.name, size=size, scope=pending.scope, mode=pending.mode, by=request.user
            )
        if not check.importable:
            messages.error(request, check.problem or _("The library changed since the preview: check the file again."))
            return _preview_page(request, check, None)
        result = save_import(check=check, by=request.user)
    finally:
        pending.path.unlink(missing_ok=True)
    messages.success(
        request,
        _("Imported: %(new)s new, %(changed)s changed, %(moved)s moved phrases; %(groups)s new groups.")
        % {"new": result.created, "changed": result.changed, "moved": result.moved, "groups": result.groups_created},
    )
    return redirect(f"{_library_url()}?tab={'team' if pending.scope == Scope.TEAM else 'mine'}")


@role_required(*USERS)
@require_GET
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's approved phrases or one's own, as a 千牛 file (.xls, .csv, .xlsx) or the full workbook."""
    lib = MINE if request.GET.get("lib") == MINE else TEAM
    format_key = request.GET.get("format", "")
    if format_key not in FORMATS:
        format_key = "qianniu_xls"
    kind = FORMATS[format_key]
    scope = Scope.PERSONAL if lib == MINE else Scope.TEAM
    data = export_library(scope=scope, owner=request.user if lib == MINE else None, format_key=format_key)
    stem = "快捷短语" + ("_完整" if format_key == "full_xlsx" else "")
    name = f"{stem}_{'个人' if lib == MINE else '团队'}_{timezone.localdate():%Y%m%d}.{kind.extension}"
    response = HttpResponse(data, content_type=kind.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
