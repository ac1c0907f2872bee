"""Editing the banned-word list: every edit lands in the one draft version (started as a copy of the current
published list on the first edit), and publishing the draft makes it the list ``matching.scan`` uses.
Published versions are never changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .matching import key
from .models import AllowedPhrase, BannedWord, WordListVersion


class WordingError(Exception):
    """An edit or publication the list refuses; the message is for the user."""


def current_version() -> WordListVersion | None:
    """The published version ``scan`` uses (the highest published number)."""
    return WordListVersion.objects.published().select_related("published_by").order_by("-number").first()


def draft_version() -> WordListVersion | None:
    return WordListVersion.objects.drafts().first()


def working_version() -> WordListVersion | None:
    """What the list page shows and edits: the draft if there is one, else the current list."""
    return draft_version() or current_version()


@transaction.atomic
def start_draft(*, by: User) -> WordListVersion:
    """The draft to edit: the existing one, or a new copy of the current published list."""
    draft = WordListVersion.objects.select_for_update().drafts().first()
    if draft is not None:
        return draft
    number = (WordListVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            draft = WordListVersion.objects.create(number=number)
    except IntegrityError as exc:  # someone started one at the same moment
        raise WordingError(_("Someone else just started editing the list. Please try again.")) from exc
    current = current_version()
    if current is not None:
        BannedWord.objects.bulk_create(
            BannedWord(version=draft, word=w.word, category=w.category, severity=w.severity, replacement=w.replacement)
            for w in current.words.all()
        )
        AllowedPhrase.objects.bulk_create(
            AllowedPhrase(version=draft, phrase=p.phrase) for p in current.allowed_phrases.all()
        )
    return draft


def _in_draft(word: BannedWord, *, by: User) -> BannedWord:
    """The draft's copy of a word shown from the current list (starting the draft if needed)."""
    if word.version.is_draft:
        return word
    draft = start_draft(by=by)
    copy = draft.words.filter(word=word.word).first()
    if copy is None:
        raise WordingError(_("“%(word)s” is no longer in the list being edited.") % {"word": word.word})
    return copy


def _check_unique(version: WordListVersion, text: str, *, other_than: int | None = None) -> None:
    k = key(text)
    if not k:
        raise WordingError(_("Enter a word with letters or characters in it."))
    clashes = [w for w in version.words.all() if w.pk != other_than and key(w.word) == k]
    if clashes:
        raise WordingError(_("“%(word)s” is in the list already.") % {"word": clashes[0].word})


@transaction.atomic
def add_word(*, word: str, category: str, severity: str, replacement: str, by: User) -> BannedWord:
    """Add a word to the draft; refused if the draft has it already (written alike: ＶＸ and vx are one word)."""
    draft = start_draft(by=by)
    _check_unique(draft, word)
    return BannedWord.objects.create(
        version=draft, word=word, category=category, severity=severity, replacement=replacement
    )


@transaction.atomic
def change_word(*, word: BannedWord, text: str, category: str, severity: str, replacement: str, by: User) -> BannedWord:
    """Change a word of the current list or of the draft: the change lands in the draft."""
    target = _in_draft(word, by=by)
    _check_unique(target.version, text, other_than=target.pk)
    target.word, target.category, target.severity, target.replacement = text, category, severity, replacement
    target.save()
    return target


@transaction.atomic
def remove_word(*, word: BannedWord, by: User) -> None:
    _in_draft(word, by=by).delete()


@transaction.atomic
def add_phrase(*, phrase: str, by: User) -> AllowedPhrase:
    """Allow a phrase that contains a listed word (第一次 contains 第一)."""
    draft = start_draft(by=by)
    k = key(phrase)
    if not k:
        raise WordingError(_("Enter a phrase with letters or characters in it."))
    if any(key(p.phrase) == k for p in draft.allowed_phrases.all()):
        raise WordingError(_("“%(phrase)s” is allowed already.") % {"phrase": phrase})
    return AllowedPhrase.objects.create(version=draft, phrase=phrase)


@transaction.atomic
def remove_phrase(*, phrase: AllowedPhrase, by: User) -> None:
    if phrase.version.is_draft:
        phrase.delete()
        return
    draft = start_draft(by=by)
    draft.allowed_phrases.filter(phrase=phrase.phrase).delete()


@transaction.atomic
def discard_draft(*, by: User) -> None:
    """Throw the draft away; the current list stays as it is."""
    draft = WordListVersion.objects.select_for_update().drafts().first()
    if draft is None:
        raise WordingError(_("There is no draft to discard."))
    draft.delete()


@transaction.atomic
def publish(*, by: User, note: str = "") -> WordListVersion:
    """Make the draft the list every scan uses from now on; refused when it changes nothing."""
    draft = WordListVersion.objects.select_for_update().drafts().first()
    if draft is None:
        raise WordingError(_("There is no draft to publish."))
    if changes(draft).empty:
        raise WordingError(_("The draft is the same as the current list: nothing to publish."))
    draft.published_at = timezone.now()
    draft.published_by = by
    draft.note = note
    draft.save(update_fields=["published_at", "published_by", "note"])
    return draft


@dataclass
class Changes:
    """What a version changed against the published one before it."""

    previous: WordListVersion | None
    added: list[BannedWord] = field(default_factory=list)
    removed: list[BannedWord] = field(default_factory=list)
    changed: list[tuple[BannedWord, BannedWord]] = field(default_factory=list)  # (before, after)
    phrases_added: list[str] = field(default_factory=list)
    phrases_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.phrases_added or self.phrases_removed)


def previous_version(version: WordListVersion) -> WordListVersion | None:
    return WordListVersion.objects.published().filter(number__lt=version.number).order_by("-number").first()


def changes(version: WordListVersion) -> Changes:
    """The words and phrases ``version`` added, removed or changed since the published version before it."""
    previous = previous_version(version)
    result = Changes(previous=previous)
    now = {w.word: w for w in version.words.all()}
    before = {w.word: w for w in previous.words.all()} if previous else {}
    for text, word in sorted(now.items()):
        old = before.get(text)
        if old is None:
            result.added.append(word)
        elif (old.category, old.severity, old.replacement) != (word.category, word.severity, word.replacement):
            result.changed.append((old, word))
    result.removed = [w for text, w in sorted(before.items()) if text not in now]
    phrases_now = set(version.allowed_phrases.values_list("phrase", flat=True))
    phrases_before = set(previous.allowed_phrases.values_list("phrase", flat=True)) if previous else set()
    result.phrases_added = sorted(phrases_now - phrases_before)
    result.phrases_removed = sorted(phrases_before - phrases_now)
    return result
