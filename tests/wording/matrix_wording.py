"""Permission-matrix rows for the banned-word pages (see tests/test_permissions.py): GET rows here, POST rows
in ``POST_ROWS`` (added to tests/matrix_post.py's list). HR and trainers keep the list; mentors and trainees
get 403. Removing a word, allowing or removing a phrase and discarding the draft are POST only (GET: 405
once past the role check); a word, phrase or version that does not exist is a 404."""

from __future__ import annotations

from tests.conftest import World
from tests.matrix import row
from wording.models import AllowedPhrase, BannedWord


def a_word(world: World) -> dict[str, int]:
    return {"pk": BannedWord.objects.get(version__number=1, word="加微信").pk}


def a_phrase(world: World) -> dict[str, int]:
    return {"pk": AllowedPhrase.objects.get(version__number=1, phrase="第一次").pk}


KEEPERS = row(302, 200, 200, 403, 403, 403)
POST_ONLY = row(302, 405, 405, 403, 403, 403)
MISSING = lambda w: {"pk": 999_999}  # noqa: E731

#        name                           kwargs                       anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("wording_list", None, KEEPERS),
    ("wording_check", None, KEEPERS),
    ("wording_word_add", None, KEEPERS),
    ("wording_word_edit", a_word, KEEPERS),
    ("wording_word_edit", MISSING, row(302, 404, 404, 403, 403, 403)),
    ("wording_word_remove", a_word, POST_ONLY),
    ("wording_phrase_add", None, POST_ONLY),
    ("wording_phrase_remove", a_phrase, POST_ONLY),
    ("wording_publish", None, KEEPERS),  # no draft: the page says so
    ("wording_discard", None, POST_ONLY),
    ("wording_versions", None, KEEPERS),
    ("wording_version_detail", lambda w: {"number": 1}, KEEPERS),
    ("wording_version_detail", lambda w: {"number": 999}, row(302, 404, 404, 403, 403, 403)),
]

SAVED = row(302, 302, 302, 403, 403, 403)
# Posting an empty form: the form back with its errors (200), or refused with a message and redirected (302).
POST_ROWS: list = [
    ("wording_check", None, {}, KEEPERS),
    ("wording_word_add", None, {}, KEEPERS),
    ("wording_word_edit", a_word, {}, KEEPERS),
    ("wording_word_edit", MISSING, {}, row(302, 404, 404, 403, 403, 403)),
    ("wording_word_remove", a_word, {}, SAVED),  # removed from a new draft
    ("wording_word_remove", MISSING, {}, row(302, 404, 404, 403, 403, 403)),
    ("wording_phrase_add", None, {}, SAVED),  # nothing typed: a message
    ("wording_phrase_remove", a_phrase, {}, SAVED),
    ("wording_publish", None, {}, SAVED),  # no draft: a message
    ("wording_discard", None, {}, SAVED),  # no draft: a message
]
