"""KPIs (检查与绩效): each employee's CS accounts per platform, imported performance figures per account and
period, and the thresholds a position class is held to."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models import PositionClass

from .metrics import Metric


class Platform(models.TextChoices):
    """Where the CS account lives, and so which export its figures come from."""

    TAOBAO = "taobao", _("Taobao / Tmall (千牛, 赤兔)")
    DOUYIN = "douyin", _("Douyin shop (飞鸽)")
    JD = "jd", _("JD (咚咚)")
    KUAISHOU = "kuaishou", _("Kuaishou")
    PINDUODUO = "pinduoduo", _("Pinduoduo")
    OTHER = "other", _("Other platform")


def account_key(name: str) -> str:
    """The compare-form of an account name: full width to half width, case and spaces ignored
    (an export may write 旺旺 sub-accounts as "店铺：小花" or "店铺:小花")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


class CsAccount(models.Model):
    """One CS account name of an employee on one platform (a 旺旺 sub-account, a 飞鸽 or 咚咚 account).

    KPI rows are matched to employees by these names; a name belongs to one employee per platform.
    """

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="cs_accounts", verbose_name=_("employee")
    )
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    name = models.CharField(_("account name"), max_length=100)
    # account_key(name): what imports match and what must be unique on a platform.
    name_key = models.CharField(_("account key"), max_length=100, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("CS account")
        verbose_name_plural = _("CS accounts")
        ordering = ["platform", "name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "name_key"], name="kpi_account_unique_per_platform"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_platform_display()}）"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = self.name.strip()
        self.name_key = account_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class KpiImport(models.Model):
    """One imported performance export: who imported what, for which platform, and what was left out."""

    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    file_name = models.CharField(_("file"), max_length=255)
    # The period HR chose or the file's title named; rows with their own date column carry their own.
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("rows imported"), default=0)
    replaced_count = models.PositiveIntegerField(_("rows replaced"), default=0)
    # [{"account": name, "rows": [row numbers]}]: accounts no employee holds on the platform.
    unknown_accounts = models.JSONField(_("unknown accounts"), default=list, blank=True)
    # Row numbers of summary rows (合计, 平均, 店铺汇总值 …), left out.
    summary_rows = models.JSONField(_("summary rows skipped"), default=list, blank=True)
    # Metric → the header it was read from: the platform's own name for the figure.
    columns = models.JSONField(_("columns read"), default=dict, blank=True)

    class Meta:
        verbose_name = _("KPI import")
        verbose_name_plural = _("KPI imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} · {self.get_platform_display()}"


class KpiRecord(models.Model):
    """The figures of one CS account for one period, as the export gave them (and the whole row as read).

    Exports settle late (T+1, T+4), so importing the same account and period again replaces the row:
    ``(platform, account_key, period_start, period_end)`` is unique.
    """

    kpi_import = models.ForeignKey(
        KpiImport, on_delete=models.CASCADE, related_name="records", verbose_name=_("import")
    )
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="kpi_records", verbose_name=_("employee")
    )
    account = models.ForeignKey(
        CsAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("CS account")
    )
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    account_name = models.CharField(_("account name"), max_length=100)
    account_key = models.CharField(_("account key"), max_length=100)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    row_number = models.PositiveIntegerField(_("row in the file"))
    raw = models.JSONField(_("row as read"), default=dict)

    conversion_rate = models.DecimalField(
        Metric.CONVERSION_RATE.label, max_digits=5, decimal_places=2, null=True, blank=True
    )
    avg_response_s = models.DecimalField(
        Metric.AVG_RESPONSE.label, max_digits=9, decimal_places=1, null=True, blank=True
    )
    first_response_s = models.DecimalField(
        Metric.FIRST_RESPONSE.label, max_digits=9, decimal_places=1, null=True, blank=True
    )
    reply_rate_3m = models.DecimalField(
        Metric.REPLY_RATE_3M.label, max_digits=5, decimal_places=2, null=True, blank=True
    )
    reply_rate = models.DecimalField(Metric.REPLY_RATE.label, max_digits=5, decimal_places=2, null=True, blank=True)
    satisfaction = models.DecimalField(Metric.SATISFACTION.label, max_digits=5, decimal_places=2, null=True, blank=True)
    refund_rate = models.DecimalField(Metric.REFUND_RATE.label, max_digits=5, decimal_places=2, null=True, blank=True)
    inquiries = models.PositiveIntegerField(Metric.INQUIRIES.label, null=True, blank=True)
    received = models.PositiveIntegerField(Metric.RECEIVED.label, null=True, blank=True)
    inquiry_buyers = models.PositiveIntegerField(Metric.INQUIRY_BUYERS.label, null=True, blank=True)
    sales = models.DecimalField(Metric.SALES.label, max_digits=14, decimal_places=2, null=True, blank=True)
    aov = models.DecimalField(Metric.AOV.label, max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("KPI figures")
        verbose_name_plural = _("KPI figures")
        ordering = ["-period_end", "account_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "account_key", "period_start", "period_end"], name="kpi_record_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="kpi_period_order"
            ),
        ]
        indexes = [models.Index(fields=["employee", "-period_end"], name="kpi_record_employee_period")]

    def __str__(self) -> str:
        return f"{self.account_name} · {self.period_start}–{self.period_end}"


class Threshold(models.Model):
    """What a position class is held to on one metric: at least (rates, satisfaction, sales) or at most
    (response times, refund rate) ``value``, as the metric says (``metrics.METRICS``)."""

    position_class = models.CharField(_("position class"), max_length=16, choices=PositionClass.choices)
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    value = models.DecimalField(_("threshold"), max_digits=14, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("KPI threshold")
        verbose_name_plural = _("KPI thresholds")
        ordering = ["position_class", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["position_class", "metric"], name="kpi_threshold_once_per_class"),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_class_display()} · {self.get_metric_display()}"
