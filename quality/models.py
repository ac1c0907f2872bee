"""Quality checks (质检): score sheets and the chats scored against them.

A score sheet (评分表) is a versioned list of categories (评分大项, e.g. 响应 20 points) holding items
(评分项) worth ± points: a deduction for something missed, a bonus for something done well, or a red line
(红线) that zeroes the whole chat. Once a check has been scored against a sheet, the sheet, its categories
and its items are frozen (the admin shows them read-only and offers "new version"); each hit also keeps the
points and the red-line flag it was scored with, so a check keeps its meaning whatever happens later.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employees.models import PositionClass


class Platform(models.TextChoices):
    """Where the chat took place (the shop's customer-service workbench)."""

    TAOBAO = "taobao", _("Taobao / Tmall (Qianniu)")
    JD = "jd", _("JD.com")
    DOUYIN = "douyin", _("Douyin shop (Feige)")
    PINDUODUO = "pinduoduo", _("Pinduoduo")
    KUAISHOU = "kuaishou", _("Kuaishou")
    OTHER = "other", _("Other")


class ScoreSheet(models.Model):
    """One version of a score sheet. Versions of the same sheet share ``code``; at most one is active,
    and checkers score against the active versions only."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    total_points = models.PositiveSmallIntegerField(
        _("full score"), default=100, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("A chat scoring below this, or hitting a red line, fails the check."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="quality_sheet_version_once"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(is_active=True), name="quality_sheet_one_active_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def is_used(self) -> bool:
        """Has any check been scored against this version? Then it must not change."""
        return self.checks.exists()


class Category(models.Model):
    """评分大项: a block of items with the points it is worth; deductions in it stop at those points.

    A category that names position classes counts only for employees in one of them (销售 for pre-sale);
    for the others the sheet is scored without it and the result scaled back to the full score.
    Red-line categories are worth 0 points: their items zero the chat instead."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="categories", verbose_name=_("score sheet")
    )
    name = models.CharField(_("name"), max_length=60)
    max_points = models.PositiveSmallIntegerField(_("points"), default=0, validators=[MaxValueValidator(1000)])
    position_classes = models.JSONField(
        _("position classes"),
        default=list,
        blank=True,
        help_text=_("Leave empty for every position class."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("score sheet category")
        verbose_name_plural = _("score sheet categories")
        ordering = ["sheet", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = [value for value in self.position_classes or [] if value not in PositionClass.values]
        if unknown:
            raise ValidationError({"position_classes": _("Unknown position class: %(value)s") % {"value": unknown[0]}})

    def applies_to(self, position_class: str) -> bool:
        return not self.position_classes or position_class in self.position_classes

    def position_classes_display(self) -> str:
        labels = dict(PositionClass.choices)
        return " / ".join(str(labels.get(value, value)) for value in self.position_classes)


class Item(models.Model):
    """评分项: one thing a checker looks for. ``points`` below 0 is a deduction, above 0 a bonus; a red line
    zeroes the chat whatever its points. ``code`` is the same in every version of the sheet, so that "the
    same item missed twice within 7 days" is recognised across versions."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items", verbose_name=_("category"))
    code = models.SlugField(_("code"), max_length=30)
    title = models.CharField(_("item"), max_length=100)
    rule = models.TextField(_("what the checker looks for"), blank=True)
    points = models.SmallIntegerField(
        _("points"),
        default=0,
        validators=[MinValueValidator(-1000), MaxValueValidator(1000)],
        help_text=_("Negative for a deduction, positive for a bonus; a red line needs none."),
    )
    is_red_line = models.BooleanField(_("red line"), default=False)
    # What to go over again when the item is missed: shown in the refresher's reason.
    refresher_topic = models.CharField(_("refresher topic"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("score sheet item")
        verbose_name_plural = _("score sheet items")
        ordering = ["category__order", "category_id", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.is_red_line and self.points:
            errors["points"] = _("A red line zeroes the chat: leave its points at 0.")
        elif not self.is_red_line and not self.points:
            errors["points"] = _("Give the item points: negative for a deduction, positive for a bonus.")
        elif self.points < 0 and self.category_id is not None and self.category.max_points == 0:
            errors["points"] = _("This category is worth 0 points, so a deduction in it would take nothing away.")
        if self.code and self.category_id is not None:
            twins = Item.objects.filter(category__sheet_id=self.category.sheet_id, code=self.code).exclude(pk=self.pk)
            if twins.exists():
                errors["code"] = _("Another item of this score sheet has this code.")
        if errors:
            raise ValidationError(errors)


class QualityCheck(models.Model):
    """One chat scored for one employee. The total is computed by the server (``quality.scoring``) from the
    hits and stored with ``passed`` and ``red_line``."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="quality_checks", verbose_name=_("employee")
    )
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.PROTECT, related_name="checks", verbose_name=_("score sheet")
    )
    chat_date = models.DateField(_("chat date"))
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    session_ref = models.CharField(_("order or session number"), max_length=100, blank=True)
    excerpt = models.TextField(_("chat excerpt"))
    comment = models.TextField(_("checker's comment"), blank=True)
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=1, default=Decimal("0.0"))
    red_line = models.BooleanField(_("red line"), default=False)
    passed = models.BooleanField(_("passed"), default=False)
    # The items hit as a line of text ("未使用欢迎语 −3; 泄露客户信息 红线"): the audit trail shows how it changed.
    items_hit = models.CharField(_("items hit"), max_length=2000, blank=True)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checker")
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["excerpt", "checked_at", "updated_at"])

    class Meta:
        verbose_name = _("quality check")
        verbose_name_plural = _("quality checks")
        ordering = ["-chat_date", "-id"]
        indexes = [models.Index(fields=["employee", "chat_date"], name="quality_check_employee_date")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(red_line=True, passed=True), name="quality_check_red_line_fails"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.chat_date:%Y-%m-%d} · {self.total}"

    @property
    def failed(self) -> bool:
        return not self.passed


class CheckHit(models.Model):
    """One item of the sheet that the checker found in the chat, with a note. ``points`` and ``red_line`` are
    the item's at scoring time."""

    quality_check = models.ForeignKey(
        QualityCheck, on_delete=models.CASCADE, related_name="hits", verbose_name=_("quality check")
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="hits", verbose_name=_("item"))
    points = models.SmallIntegerField(_("points"))
    red_line = models.BooleanField(_("red line"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("item hit")
        verbose_name_plural = _("items hit")
        ordering = ["quality_check", "item__category__order", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["quality_check", "item"], name="quality_hit_once_per_item")]

    def __str__(self) -> str:
        return str(self.item)
