"""Writing quick replies: proposing to the team library, a trainer's approval (refused while the phrase holds a
banned word), personal phrases, team groups. Imports are saved by ``replies.imports.save_import``."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wording.matching import Hit, Matcher, blocking, current_matcher

from .models import UNGROUPED, Phrase, PhraseGroup, PhraseStatus, Scope, join_list


class ReplyError(Exception):
    """A change to the libraries is refused; the message says why, for the person who asked."""


def banned_hits(text: str, matcher: Matcher | None = None) -> tuple[list[Hit], list[Hit]]:
    """The banned words in ``text``: (those that block approval, those only to warn about). Checking many
    texts, pass ``wording.matching.current_matcher()`` taken once (finding the current list is a query)."""
    hits = (matcher or current_matcher()).scan(text)
    blocked = blocking(hits)
    return blocked, [hit for hit in hits if hit not in blocked]


def describe_hits(hits: Sequence[Hit]) -> str:
    """“最低价 (say: 优惠价), 加微信” — each word once, with its replacement when the list has one."""
    seen: dict[str, str] = {}
    for hit in hits:
        seen.setdefault(hit.word, hit.replacement or "")
    return "、".join(
        _("%(word)s (say: %(replacement)s)") % {"word": word, "replacement": replacement} if replacement else word
        for word, replacement in seen.items()
    )


def refusal_for(hits: Sequence[Hit]) -> str:
    return _("This phrase cannot be approved: it contains banned words: %(words)s. Change the text first.") % {
        "words": describe_hits(hits)
    }


def _clean(*, code: str, text: str, position_classes: Sequence[str], tags: Sequence[str]) -> dict[str, str]:
    return {
        "code": code.strip(),
        "text": text.strip(),
        "position_classes": join_list(list(position_classes)),
        "tags": join_list(list(tags)),
    }


@transaction.atomic
def propose_phrase(
    *, group: PhraseGroup, code: str, text: str, position_classes: Sequence[str], tags: Sequence[str], by: User
) -> Phrase:
    """Put a phrase in a team group's queue; a trainer approves it before anyone else sees it."""
    if not group.is_team:
        raise ReplyError(_("Proposals go to a group of the team library."))
    return Phrase.objects.create(
        group=group,
        status=PhraseStatus.PROPOSED,
        proposed_by=by,
        **_clean(code=code, text=text, position_classes=position_classes, tags=tags),
    )


@transaction.atomic
def approve_phrase(*, phrase: Phrase, by: User) -> list[Hit]:
    """Approve a proposed team phrase: everyone then finds it in the team library. Refused (ReplyError, listing
    the words and what to say instead) while the text holds a blocking banned word; returns the warnings."""
    phrase = Phrase.objects.select_for_update().select_related("group").get(pk=phrase.pk)
    if not phrase.group.is_team or phrase.status == PhraseStatus.APPROVED:
        raise ReplyError(_("This phrase is not waiting for approval."))
    blocked, warnings = banned_hits(phrase.text)
    if blocked:
        raise ReplyError(refusal_for(blocked))
    phrase.status = PhraseStatus.APPROVED
    phrase.approved_by, phrase.approved_at, phrase.review_note = by, timezone.now(), ""
    phrase.save(update_fields=["status", "approved_by", "approved_at", "review_note", "updated_at"])
    return warnings


@transaction.atomic
def reject_phrase(*, phrase: Phrase, by: User, note: str = "") -> Phrase:
    """Send a proposal back with a note; its proposer sees it on their own list."""
    if not phrase.group.is_team or phrase.status != PhraseStatus.PROPOSED:
        raise ReplyError(_("This phrase is not waiting for approval."))
    phrase.status, phrase.review_note = PhraseStatus.REJECTED, note.strip()[:300]
    phrase.approved_by, phrase.approved_at = None, None
    phrase.save(update_fields=["status", "review_note", "approved_by", "approved_at", "updated_at"])
    return phrase


@transaction.atomic
def edit_team_phrase(
    *,
    phrase: Phrase,
    group: PhraseGroup,
    code: str,
    text: str,
    position_classes: Sequence[str],
    tags: Sequence[str],
    by: User,
) -> list[Hit]:
    """A trainer corrects a team phrase. An approved phrase stays approved only while it holds no blocking
    banned word (ReplyError otherwise); returns the warnings."""
    if not group.is_team:
        raise ReplyError(_("Proposals go to a group of the team library."))
    values = _clean(code=code, text=text, position_classes=position_classes, tags=tags)
    blocked, warnings = banned_hits(values["text"])
    if blocked and phrase.status == PhraseStatus.APPROVED:
        raise ReplyError(refusal_for(blocked))
    for field, value in values.items():
        setattr(phrase, field, value)
    phrase.group = group
    if phrase.status == PhraseStatus.APPROVED:
        phrase.approved_by, phrase.approved_at = by, timezone.now()
    phrase.save()
    return warnings


def personal_group(*, owner: User, name: str) -> PhraseGroup:
    """The owner's group of this name, made when it does not exist yet (blank = 未分组)."""
    name = name.strip()[:60] or UNGROUPED
    group, _created = PhraseGroup.objects.get_or_create(
        scope=Scope.PERSONAL,
        owner=owner,
        name=name,
        defaults={"order": PhraseGroup.objects.filter(scope=Scope.PERSONAL, owner=owner).count()},
    )
    return group


@transaction.atomic
def save_personal_phrase(
    *,
    owner: User,
    group_name: str,
    code: str,
    text: str,
    position_classes: Sequence[str],
    tags: Sequence[str],
    phrase: Phrase | None = None,
) -> Phrase:
    """Add or change a phrase of the owner's own library (no approval: it is theirs)."""
    if phrase is not None and (phrase.group.scope != Scope.PERSONAL or phrase.group.owner_id != owner.pk):
        raise ReplyError(_("You can only change phrases of your own library."))
    group = personal_group(owner=owner, name=group_name)
    phrase = phrase or Phrase(status=PhraseStatus.APPROVED)
    for field, value in _clean(code=code, text=text, position_classes=position_classes, tags=tags).items():
        setattr(phrase, field, value)
    phrase.group = group
    phrase.save()
    return phrase


@transaction.atomic
def delete_phrase(*, phrase: Phrase) -> None:
    phrase.delete()


@transaction.atomic
def save_group(
    *, name: str, order: int, scope: str, owner: User | None, group: PhraseGroup | None = None
) -> PhraseGroup:
    """Add or rename a group of a library; two groups of a library cannot share a name."""
    name = name.strip()[:60]
    if not name:
        raise ReplyError(_("Give the group a name."))
    owner = owner if scope == Scope.PERSONAL else None
    taken = PhraseGroup.objects.filter(scope=scope, owner=owner, name=name)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise ReplyError(_("The library already has a group called “%(name)s”.") % {"name": name})
    group = group or PhraseGroup(scope=scope, owner=owner)
    group.name, group.order = name, order
    group.save()
    return group


@transaction.atomic
def delete_group(*, group: PhraseGroup) -> None:
    """Delete an empty group; a group that still holds phrases is refused (move or delete them first)."""
    if group.phrases.exists():
        raise ReplyError(_("The group still holds phrases. Move or delete them first."))
    group.delete()
