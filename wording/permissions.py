"""Who reaches the banned-word list: HR and trainers (views are ``role_required(Role.HR, Role.TRAINER)``);
mentors and trainees get 403. A word or phrase that is not in the list being edited (the draft, or the
current list when there is no draft) is a 404: old versions are read-only."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import AllowedPhrase, BannedWord, WordListVersion
from .services import working_version


def get_editable_word(pk: int) -> BannedWord:
    working = working_version()
    return get_object_or_404(BannedWord.objects.select_related("version"), pk=pk, version=working)


def get_editable_phrase(pk: int) -> AllowedPhrase:
    working = working_version()
    return get_object_or_404(AllowedPhrase.objects.select_related("version"), pk=pk, version=working)


def get_version(number: int) -> WordListVersion:
    return get_object_or_404(WordListVersion.objects.select_related("published_by"), number=number)
