"""Banned-word pages (HR and trainers): the list being edited, words and allowed phrases, publishing a
version, old versions with what they changed, and a box to check a text."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role

from .forms import CheckForm, PhraseForm, PublishForm, WordForm
from .highlight import segments
from .matching import current_matcher, matcher_for
from .models import BannedWord, Category, WordListVersion
from .permissions import get_editable_phrase, get_editable_word, get_version
from .services import (
    WordingError,
    add_phrase,
    add_word,
    change_word,
    changes,
    current_version,
    discard_draft,
    draft_version,
    remove_phrase,
    remove_word,
    working_version,
)
from .services import publish as publish_draft

KEEPERS = (Role.HR, Role.TRAINER)
CATEGORY_ORDER = {value: i for i, value in enumerate(Category.values)}


def _by_category(words: Iterable[BannedWord]) -> list[BannedWord]:
    """Words grouped in the categories' own order (广告法, 虚假承诺, 服务禁语, 站外导流), then by word."""
    return sorted(words, key=lambda w: (CATEGORY_ORDER.get(w.category, 99), w.word))


def _list_context(request: AuthenticatedHttpRequest) -> dict[str, object]:
    working = working_version()
    query = request.GET.get("q", "").strip()[:50]
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    words = working.words.all() if working else None
    if words is not None and query:
        words = words.filter(Q(word__icontains=query) | Q(replacement__icontains=query))
    if words is not None and category:
        words = words.filter(category=category)
    return {
        "working": working,
        "current": current_version(),
        "words": _by_category(words) if words is not None else [],
        "phrases": list(working.allowed_phrases.all()) if working else [],
        "draft_changes": changes(working) if working and working.is_draft else None,
        "query": query,
        "category": category,
        "categories": Category.choices,
        "phrase_form": PhraseForm(),
        "check_form": CheckForm(),
    }


@role_required(*KEEPERS)
@require_GET
def word_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "wording/word_list.html", _list_context(request))


@role_required(*KEEPERS)
@require_http_methods(["GET", "POST"])
def check_text(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Paste a reply and see its banned words marked, with what to say instead (nothing is stored)."""
    form = CheckForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form, "draft": draft_version()}
    if request.method == "POST" and form.is_valid():
        draft = context["draft"]
        use_draft = form.cleaned_data["against_draft"] and isinstance(draft, WordListVersion)
        matcher = matcher_for(draft) if use_draft and isinstance(draft, WordListVersion) else current_matcher()
        text = form.cleaned_data["text"]
        hits = matcher.scan(text)
        context.update(
            checked=True,
            hits=[
                {"hit": h, "found": text[h.start : h.end], "category_label": Category(h.category).label} for h in hits
            ],
            segments=segments(text, hits),
            blocking=[h for h in hits if h.is_blocking],
            version_number=matcher.version,
            used_draft=use_draft,
        )
    return render(request, "wording/check.html", context)


@role_required(*KEEPERS)
@require_http_methods(["GET", "POST"])
def word_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = WordForm(request.POST if request.method == "POST" else None, initial=_initial_category(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            word = add_word(
                word=data["word"],
                category=data["category"],
                severity=data["severity"],
                replacement=data["replacement"],
                by=request.user,
            )
        except WordingError as error:
            form.add_error("word", str(error))
        else:
            messages.success(request, _added(word.word))
            return redirect("wording_list")
    return render(request, "wording/word_form.html", {"form": form, "word": None})


def _initial_category(request: AuthenticatedHttpRequest) -> dict[str, str]:
    category = request.GET.get("category", "")
    return {"category": category} if category in Category.values else {}


def _added(word: str) -> str:
    return _("“%(word)s” was added to the draft. Publish the draft to use it.") % {"word": word}


@role_required(*KEEPERS)
@require_http_methods(["GET", "POST"])
def word_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    word = get_editable_word(pk)
    initial = {"word": word.word, "category": word.category, "severity": word.severity, "replacement": word.replacement}
    form = WordForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_word(
                word=word,
                text=data["word"],
                category=data["category"],
                severity=data["severity"],
                replacement=data["replacement"],
                by=request.user,
            )
        except WordingError as error:
            form.add_error("word", str(error))
        else:
            messages.success(request, _("The change was saved in the draft. Publish the draft to use it."))
            return redirect("wording_list")
    return render(request, "wording/word_form.html", {"form": form, "word": word})


@role_required(*KEEPERS)
@require_POST
def word_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    word = get_editable_word(pk)
    try:
        remove_word(word=word, by=request.user)
    except WordingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(word)s” was removed from the draft.") % {"word": word.word})
    return redirect("wording_list")


@role_required(*KEEPERS)
@require_POST
def phrase_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PhraseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("wording_list")
    try:
        phrase = add_phrase(phrase=form.cleaned_data["phrase"], by=request.user)
    except WordingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(phrase)s” is allowed in the draft.") % {"phrase": phrase.phrase})
    return redirect("wording_list")


@role_required(*KEEPERS)
@require_POST
def phrase_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    phrase = get_editable_phrase(pk)
    remove_phrase(phrase=phrase, by=request.user)
    messages.success(request, _("“%(phrase)s” is no longer allowed in the draft.") % {"phrase": phrase.phrase})
    return redirect("wording_list")


@role_required(*KEEPERS)
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: what the draft changes, and a note. POST: publish it as the list every check uses."""
    draft = draft_version()
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = publish_draft(by=request.user, note=form.cleaned_data["note"])
        except WordingError as error:
            messages.error(request, str(error))
            return redirect("wording_list")
        messages.success(
            request, _("Version %(number)s is published and used from now on.") % {"number": version.number}
        )
        return redirect("wording_version_detail", number=version.number)
    return render(
        request,
        "wording/publish.html",
        {"draft": draft, "changes": changes(draft) if draft else None, "form": form},
    )


@role_required(*KEEPERS)
@require_POST
def discard(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        discard_draft(by=request.user)
    except WordingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The draft was discarded; the published list is unchanged."))
    return redirect("wording_list")


@role_required(*KEEPERS)
@require_GET
def version_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    versions = (
        WordListVersion.objects.select_related("published_by")
        .annotate(word_count=Count("words", distinct=True), phrase_count=Count("allowed_phrases", distinct=True))
        .order_by("-number")
    )
    return render(request, "wording/version_list.html", {"versions": versions, "current": current_version()})


@role_required(*KEEPERS)
@require_GET
def version_detail(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    version = get_version(number)
    return render(
        request,
        "wording/version_detail.html",
        {
            "version": version,
            "words": _by_category(version.words.all()),
            "phrases": list(version.allowed_phrases.all()),
            "changes": changes(version),
            "current": current_version(),
        },
    )
