"""Banned words (违禁词 / 服务禁语): a versioned list of words a CS reply must not (block) or should not
(warn) contain, by category, each with a suggested replacement, and an allow-list of phrases that contain a
listed word without breaking the rule (第一次 contains 第一).

```
WordListVersion (number, published_at: null while a draft) ──< BannedWord (word, category, severity, replacement)
                                                            └──< AllowedPhrase (phrase)
```

Each version holds the whole list. Editing happens on the one draft version (a copy of the current list);
publishing it makes it the list ``wording.matching.scan`` uses. Published versions are never changed, so a
scored reply can always be explained by the version it was checked against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager


class Category(models.TextChoices):
    AD_LAW = "ad_law", _("Advertising law (extreme words)")
    FALSE_PROMISE = "false_promise", _("False promise")
    SERVICE = "service", _("Service taboo (服务禁语)")
    DIVERSION = "diversion", _("Off-platform diversion (站外导流)")


class Severity(models.TextChoices):
    BLOCK = "block", _("Block")
    WARN = "warn", _("Warn")


class WordListVersionQuerySet(models.QuerySet["WordListVersion"]):
    def published(self) -> WordListVersionQuerySet:
        return self.filter(published_at__isnull=False)

    def drafts(self) -> WordListVersionQuerySet:
        return self.filter(published_at__isnull=True)


class WordListVersion(models.Model):
    """One whole version of the list. Unpublished (``published_at`` empty) = the draft being edited."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WordListVersionQuerySet.as_manager()

    if TYPE_CHECKING:
        words: RelatedManager[BannedWord]
        allowed_phrases: RelatedManager[AllowedPhrase]

    class Meta:
        verbose_name = _("banned-word list version")
        verbose_name_plural = _("banned-word list versions")
        ordering = ["-number"]

    def __str__(self) -> str:
        if self.is_draft:
            return str(_("Version %(number)s (draft)") % {"number": self.number})
        return str(_("Version %(number)s") % {"number": self.number})

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class BannedWord(models.Model):
    version = models.ForeignKey(
        WordListVersion, on_delete=models.CASCADE, related_name="words", verbose_name=_("version")
    )
    word = models.CharField(_("word"), max_length=50)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.BLOCK)
    replacement = models.CharField(_("suggested replacement"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("banned word")
        verbose_name_plural = _("banned words")
        ordering = ["category", "word"]
        constraints = [
            models.UniqueConstraint(fields=["version", "word"], name="wording_word_unique_per_version"),
        ]

    def __str__(self) -> str:
        return self.word


class AllowedPhrase(models.Model):
    """A phrase that contains a listed word but is fine (第一次, 第一时间): hits inside it are dropped."""

    version = models.ForeignKey(
        WordListVersion, on_delete=models.CASCADE, related_name="allowed_phrases", verbose_name=_("version")
    )
    phrase = models.CharField(_("phrase"), max_length=50)

    class Meta:
        verbose_name = _("allowed phrase")
        verbose_name_plural = _("allowed phrases")
        ordering = ["phrase"]
        constraints = [
            models.UniqueConstraint(fields=["version", "phrase"], name="wording_phrase_unique_per_version"),
        ]

    def __str__(self) -> str:
        return self.phrase
