"""Permission-matrix rows for the quick-reply pages (see tests/test_permissions.py): GET rows here, POST rows
in ``POST_ROWS`` (added to tests/matrix_post.py's list). Everyone with a role uses the library, proposes, keeps
their own phrases and groups, imports and exports; trainers and HR approve, edit team phrases and manage team
groups (others 403). Someone else's personal phrase or group is a 404, as is a team phrase that is not
waiting when approving. POST-only URLs answer a GET with 405 once past the role check."""

from __future__ import annotations

from django.core.files.base import ContentFile

from replies.imports import MERGE, keep_upload
from replies.models import Phrase, PhraseGroup, PhraseStatus, Scope
from tests.conftest import World
from tests.matrix import row


def team_group(world: World) -> PhraseGroup:
    return PhraseGroup.objects.get_or_create(scope=Scope.TEAM, owner=None, name="物流")[0]


def a_proposal(world: World) -> dict[str, int]:
    phrase = Phrase.objects.create(
        group=team_group(world),
        code="fh",
        text="亲，48小时内发货哦",
        status=PhraseStatus.PROPOSED,
        proposed_by=world.trainee.user,
    )
    return {"pk": phrase.pk}


def a_team_group(world: World) -> dict[str, object]:
    return {"lib": "team", "pk": team_group(world).pk}


def trainees_group(world: World) -> PhraseGroup:
    return PhraseGroup.objects.get_or_create(scope=Scope.PERSONAL, owner=world.trainee.user, name="我的")[0]


def trainees_phrase(world: World) -> dict[str, int]:
    return {"pk": Phrase.objects.create(group=trainees_group(world), code="wd", text="我的短语").pk}


def trainees_empty_group(world: World) -> dict[str, object]:
    return {"lib": "mine", "pk": trainees_group(world).pk}


def hr_pending_upload(world: World) -> dict[str, object]:
    """A file HR checked for their own library and has not confirmed yet."""
    upload = ContentFile("快捷编码,快捷短语,快捷短语分组\nhy,亲，您好,欢迎语\n".encode(), name="快捷短语.csv")
    token = keep_upload(user_id=world.hr.pk, upload=upload, name="快捷短语.csv", scope=Scope.PERSONAL, mode=MERGE)
    return {"token": token}


EVERYONE = row(302, 200, 200, 200, 200, 200)
CURATORS = row(302, 200, 200, 403, 403, 403)
TRAINEES_OWN = row(302, 404, 404, 404, 200, 404)
POST_ONLY = row(302, 405, 405, 405, 405, 405)
CURATORS_POST_ONLY = row(302, 405, 405, 403, 403, 403)
MISSING = lambda w: {"pk": 999_999}  # noqa: E731

#        name                       kwargs              anon  hr   trainer mentor trainee outsider
ROWS: list = [
    ("replies_library", None, EVERYONE),
    ("replies_propose", None, EVERYONE),
    ("replies_review", None, CURATORS),
    ("replies_approve", a_proposal, CURATORS_POST_ONLY),
    ("replies_reject", a_proposal, CURATORS_POST_ONLY),
    ("replies_team_edit", a_proposal, CURATORS),
    ("replies_team_edit", MISSING, row(302, 404, 404, 403, 403, 403)),
    ("replies_team_edit", trainees_phrase, row(302, 404, 404, 403, 403, 403)),  # a personal phrase
    ("replies_team_delete", a_proposal, CURATORS_POST_ONLY),
    ("replies_mine_new", None, EVERYONE),
    ("replies_mine_edit", trainees_phrase, TRAINEES_OWN),
    ("replies_mine_edit", a_proposal, row(302, 404, 404, 404, 404, 404)),  # a team phrase
    ("replies_mine_delete", trainees_phrase, POST_ONLY),
    ("replies_groups", lambda w: {"lib": "team"}, CURATORS),
    ("replies_groups", lambda w: {"lib": "mine"}, EVERYONE),
    ("replies_groups", lambda w: {"lib": "other"}, row(302, 404, 404, 404, 404, 404)),
    ("replies_group_edit", a_team_group, CURATORS),
    ("replies_group_edit", trainees_empty_group, TRAINEES_OWN),
    ("replies_group_delete", a_team_group, POST_ONLY),
    ("replies_import", None, EVERYONE),
    ("replies_import_confirm", hr_pending_upload, POST_ONLY),
    ("replies_export", None, EVERYONE),
]

# Posting an empty form: the form back with its errors (200), or done and redirected (302).
POST_ROWS: list = [
    ("replies_propose", None, {}, EVERYONE),
    ("replies_approve", a_proposal, {}, row(302, 302, 302, 403, 403, 403)),
    ("replies_reject", a_proposal, {}, row(302, 302, 302, 403, 403, 403)),
    ("replies_approve", MISSING, {}, row(302, 404, 404, 403, 403, 403)),
    ("replies_team_edit", a_proposal, {}, CURATORS),
    ("replies_team_delete", a_proposal, {}, row(302, 302, 302, 403, 403, 403)),
    ("replies_mine_new", None, {}, EVERYONE),
    ("replies_mine_edit", trainees_phrase, {}, TRAINEES_OWN),
    ("replies_mine_delete", trainees_phrase, {}, row(302, 404, 404, 404, 302, 404)),
    ("replies_groups", lambda w: {"lib": "team"}, {}, CURATORS),
    ("replies_groups", lambda w: {"lib": "mine"}, {}, EVERYONE),
    ("replies_group_edit", a_team_group, {}, CURATORS),
    ("replies_group_edit", trainees_empty_group, {}, TRAINEES_OWN),
    ("replies_group_delete", a_team_group, {}, row(302, 302, 302, 403, 403, 403)),
    ("replies_group_delete", trainees_empty_group, {}, row(302, 404, 404, 404, 302, 404)),
    ("replies_import", None, {}, EVERYONE),
    ("replies_import_confirm", hr_pending_upload, {}, row(302, 302, 404, 404, 404, 404)),  # HR's own file
]
