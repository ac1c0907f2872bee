"""Knowledge updates (知识更新): a versioned bulletin to an audience, read receipts and "read and
understood" confirmations per version, and an optional quiz per version.

```
Update ──< Version (number, title, body, deadline, quiz ─► assessments.Exam) ──< Attachment
   │                 └──< Receipt (employee: read at, confirmed at; one per version and employee)
   └──< Recipient (employee; resolved from the audience at publishing, or added later)
```

Editing a published update publishes a new version; the old ones stay, with their receipts and quiz
attempts, so that a new version needs confirming (and its quiz passing) again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models import PositionClass, Tier

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager


class UpdateCategory(models.TextChoices):
    PLATFORM_RULE = "platform_rule", _("Platform rule change")
    NEW_PRODUCT = "new_product", _("New product")
    CAMPAIGN = "campaign", _("Campaign / 大促")
    PROCESS = "process", _("Process")


def _valid_choices(choices: list[str], allowed: list[str], what: str) -> None:
    if not isinstance(choices, list) or any(c not in allowed for c in choices):
        raise ValidationError(_("Unknown %(what)s.") % {"what": what})


def validate_tiers(value: list[str]) -> None:
    _valid_choices(value, list(Tier.values), str(_("tier")))


def validate_position_classes(value: list[str]) -> None:
    _valid_choices(value, list(PositionClass.values), str(_("position class")))


class Update(models.Model):
    """One knowledge update and its audience. What it says lives in its versions."""

    category = models.CharField(_("category"), max_length=20, choices=UpdateCategory.choices)
    # The audience rule: employees matching every dimension given (an empty one matches all), plus
    # the people named one by one (Recipient rows with ``named``). No dimension at all: names only.
    tiers = models.JSONField(_("tiers"), default=list, blank=True, validators=[validate_tiers])
    position_classes = models.JSONField(
        _("position classes"), default=list, blank=True, validators=[validate_position_classes]
    )
    teams = models.JSONField(_("teams / shops"), default=list, blank=True)
    requires_refresher = models.BooleanField(
        _("requires a refresher"),
        default=False,
        help_text=_("Each recipient of each version is put on the list of refresher needs."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    # The version recipients see; the highest number.
    current = models.OneToOneField(
        "Version",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )

    if TYPE_CHECKING:
        versions: RelatedManager[Version]
        recipients: RelatedManager[Recipient]

    class Meta:
        verbose_name = _("knowledge update")
        verbose_name_plural = _("knowledge updates")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.current.title if self.current_id and self.current else _("Update %(id)s") % {"id": self.pk}

    @property
    def has_rule(self) -> bool:
        return bool(self.tiers or self.position_classes or self.teams)


class Version(models.Model):
    """What an update says at one time. Published versions are never changed."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="versions", verbose_name=_("update"))
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), help_text=_("Rich text (HTML); scripts and styles are removed."))
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    deadline = models.DateField(_("confirm by"))
    quiz = models.OneToOneField(
        "assessments.Exam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_version",
        verbose_name=_("quiz"),
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    if TYPE_CHECKING:
        attachments: RelatedManager[Attachment]

    class Meta:
        verbose_name = _("update version")
        verbose_name_plural = _("update versions")
        ordering = ["update", "-number"]
        constraints = [models.UniqueConstraint(fields=["update", "number"], name="knowledge_version_number_once")]

    def __str__(self) -> str:
        return f"{self.title} · v{self.number}"

    @property
    def refresher_key(self) -> str:
        """The refresher need's source record: one need per employee and version."""
        return f"update:{self.update_id}:v{self.number}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"knowledge/{instance.version.update_id}/{filename}"


class Attachment(models.Model):
    """A file of one version. A new version keeps the files it was not told to drop (a new row on the
    same stored file), so each version lists exactly what it was published with."""

    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("version")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)

    class Meta:
        verbose_name = _("update attachment")
        verbose_name_plural = _("update attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Recipient(models.Model):
    """One person an update is for. Resolved from the audience when a version is published (nobody is
    ever removed: what they confirmed stays on record) or named by HR later."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("update"))
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="knowledge_updates", verbose_name=_("employee")
    )
    named = models.BooleanField(_("named"), default=False, help_text=_("Chosen by name, not by the audience rule."))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("update recipient")
        verbose_name_plural = _("update recipients")
        ordering = ["update", "employee__employee_no"]
        constraints = [models.UniqueConstraint(fields=["update", "employee"], name="knowledge_recipient_once")]

    def __str__(self) -> str:
        return f"{self.employee} · {self.update_id}"


class Receipt(models.Model):
    """What one person did with one version: first opened it, confirmed "read and understood"."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("version"))
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="knowledge_receipts", verbose_name=_("employee")
    )
    read_at = models.DateTimeField(_("first read at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["version", "employee__employee_no"]
        constraints = [models.UniqueConstraint(fields=["version", "employee"], name="knowledge_receipt_once")]
        indexes = [models.Index(fields=["employee", "version"], name="knowledge_receipt_employee")]

    def __str__(self) -> str:
        return f"{self.employee} · {self.version}"
