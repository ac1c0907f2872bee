"""Quick replies (快捷短语): the team library trainers curate (anyone proposes, a trainer approves) and each
person's own library, both as groups of phrases with a short code, the position classes a phrase suits and
free tags — the same shape as 千牛's 团队/个人 快捷短语, so the 3-column file goes in and out unchanged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employees.models import PositionClass

# 千牛 cuts a code to 4 characters; ours may be longer, the 千牛 export cuts it.
CODE_MAX = 16
QIANNIU_CODE_MAX = 4
# 千牛's name for the phrases of no group; exported blank, imported from a blank cell.
UNGROUPED = "未分组"


def split_list(value: str) -> list[str]:
    """A stored comma list (``"a,b"``) as its items; full-width commas and blanks are forgiven."""
    return [item.strip() for item in value.replace("，", ",").split(",") if item.strip()]


def join_list(items: list[str] | tuple[str, ...]) -> str:
    """Items as the stored comma list: stripped, duplicates dropped, order kept."""
    seen: dict[str, None] = {}
    for item in items:
        for part in split_list(item):
            seen.setdefault(part, None)
    return ",".join(seen)


def list_item_q(field: str, item: str) -> Q:
    """Rows whose comma list ``field`` holds ``item`` exactly (works on SQLite and PostgreSQL alike)."""
    return (
        Q(**{field: item})
        | Q(**{f"{field}__startswith": f"{item},"})
        | Q(**{f"{field}__endswith": f",{item}"})
        | Q(**{f"{field}__contains": f",{item},"})
    )


class Scope(models.TextChoices):
    TEAM = "team", _("Team library")
    PERSONAL = "personal", _("My library")


class PhraseStatus(models.TextChoices):
    """Where a team phrase stands; a personal phrase is its owner's and always approved."""

    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PhraseGroup(models.Model):
    """A group of phrases (快捷短语分组) in the team library or in one person's own library."""

    scope = models.CharField(_("library"), max_length=16, choices=Scope.choices, default=Scope.TEAM)
    # Set for a personal group, empty for a team group.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phrase_groups",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("group name"), max_length=60)
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("phrase group")
        verbose_name_plural = _("phrase groups")
        ordering = ["scope", "order", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="team", owner__isnull=True) | Q(scope="personal", owner__isnull=False)),
                name="replies_group_owner_matches_scope",
            ),
            models.UniqueConstraint(fields=["name"], condition=Q(scope="team"), name="replies_team_group_name_unique"),
            models.UniqueConstraint(
                fields=["owner", "name"], condition=Q(scope="personal"), name="replies_personal_group_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_team(self) -> bool:
        return self.scope == Scope.TEAM


def suits_q(position_class: str) -> Q:
    """Phrases that suit ``position_class``: those naming it and those naming none (= all)."""
    return Q(position_classes="") | list_item_q("position_classes", position_class)


def tagged_q(tag: str) -> Q:
    return list_item_q("tags", tag)


class PhraseQuerySet(models.QuerySet["Phrase"]):
    def for_position_class(self, position_class: str) -> PhraseQuerySet:
        return self.filter(suits_q(position_class))

    def with_tag(self, tag: str) -> PhraseQuerySet:
        return self.filter(tagged_q(tag))


class Phrase(models.Model):
    """One quick reply: its short code (快捷编码), its text (快捷短语) and the group it sits in."""

    group = models.ForeignKey(PhraseGroup, on_delete=models.CASCADE, related_name="phrases", verbose_name=_("group"))
    code = models.CharField(
        _("code"),
        max_length=CODE_MAX,
        blank=True,
        help_text=_("Short code typed to find the phrase (the 千牛 export keeps the first 4 characters)."),
    )
    text = models.TextField(_("phrase"), max_length=2000)
    # Comma list of employees.PositionClass values; empty = every position.
    position_classes = models.CharField(_("position classes"), max_length=64, blank=True)
    # Comma list of free tags.
    tags = models.CharField(_("tags"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PhraseStatus.choices, default=PhraseStatus.APPROVED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Why a trainer sent it back (shown to the proposer).
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PhraseQuerySet.as_manager()

    class Meta:
        verbose_name = _("quick reply")
        verbose_name_plural = _("quick replies")
        ordering = ["group__order", "group__name", "code", "id"]
        indexes = [models.Index(fields=["group", "code"], name="replies_phrase_group_code")]

    def __str__(self) -> str:
        return f"{self.code} · {self.text[:30]}" if self.code else self.text[:30]

    @property
    def class_list(self) -> list[str]:
        return split_list(self.position_classes)

    @property
    def tag_list(self) -> list[str]:
        return split_list(self.tags)

    def class_labels(self) -> list[str]:
        """The position classes as their labels; empty = every position."""
        return [str(PositionClass(value).label) for value in self.class_list if value in PositionClass.values]

    @property
    def qianniu_code(self) -> str:
        return self.code[:QIANNIU_CODE_MAX]
