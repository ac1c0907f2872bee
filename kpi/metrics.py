"""The KPIs the portal keeps, whatever platform exported them: each canonical metric with its unit, which
way is better, and the headers the exports of 赤兔 / 千牛, 抖店飞鸽, 京东, 快手 and the like give it.

A stored value is the platform's own figure: 询单转化率 from 赤兔 is "询单->最终付款成功率" (final payers ÷
询单人数), from 飞鸽 its own 询单转化率; the header an import read it from is kept on the import
(``KpiImport.columns``) and the whole row beside the value (``KpiRecord.raw``), so a mapping can be
corrected later.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    SECONDS = "seconds", _("seconds")
    COUNT = "count", _("people")
    MONEY = "money", _("yuan")


class Metric(models.TextChoices):
    """The canonical metrics; the value is also the name of ``KpiRecord``'s field that holds it."""

    CONVERSION_RATE = "conversion_rate", _("Inquiry conversion rate (询单转化率)")
    AVG_RESPONSE = "avg_response_s", _("Average response time (平均响应)")
    FIRST_RESPONSE = "first_response_s", _("First response time (首次响应)")
    REPLY_RATE_3M = "reply_rate_3m", _("3-minute reply rate (3分钟回复率)")
    REPLY_RATE = "reply_rate", _("Reply rate (回复率)")
    SATISFACTION = "satisfaction", _("Satisfaction (满意度)")
    REFUND_RATE = "refund_rate", _("Refund rate (退款率)")
    INQUIRIES = "inquiries", _("Customers asking (咨询人数)")
    RECEIVED = "received", _("Customers received (接待人数)")
    INQUIRY_BUYERS = "inquiry_buyers", _("Pre-order inquiries (询单人数)")
    SALES = "sales", _("Sales (销售额)")
    AOV = "aov", _("Average order value (客单价)")


@dataclass(frozen=True)
class MetricInfo:
    metric: Metric
    unit: Unit
    higher_is_better: bool
    # Headers seen in the platforms' exports; compared after folding (full width, case, spaces, brackets).
    aliases: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(self.metric.label)

    @property
    def comparison(self) -> str:
        """ "≥" or "≤": how a value meets its threshold."""
        return "≥" if self.higher_is_better else "≤"

    def meets(self, value: Decimal, threshold: Decimal) -> bool:
        return value >= threshold if self.higher_is_better else value <= threshold

    def format(self, value: Decimal | int | None) -> str:
        """The value as people read it: 85.3%, 80 s, 1,234, ¥1,234.50; "—" when missing."""
        if value is None:
            return "—"
        number = Decimal(value)
        if self.unit == Unit.PERCENT:
            return f"{_plain(number)}%"
        if self.unit == Unit.SECONDS:
            return gettext("%(seconds)s s") % {"seconds": _plain(number)}
        if self.unit == Unit.MONEY:
            return f"¥{number:,.2f}"
        return f"{int(number):,}"


def _plain(number: Decimal) -> str:
    """Without trailing zeros: 85.30 → 85.3, 80.0 → 80."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


METRICS: dict[str, MetricInfo] = {
    info.metric.value: info
    for info in (
        MetricInfo(
            Metric.CONVERSION_RATE,
            Unit.PERCENT,
            True,
            (
                "询单转化率",
                "询单->最终付款成功率",
                "询单->最终付款转化率",
                "询单-最终付款成功率",
                "询单最终付款成功率",
                "询单->付款成功率",
                "询单成功率",
                "询单付款率",
                "conversion rate",
            ),
        ),
        MetricInfo(
            Metric.AVG_RESPONSE,
            Unit.SECONDS,
            False,
            (
                "平均响应时间",
                "平均响应",
                "平均响应时长",
                "平均回复时长",
                "平响时长",
                "全天平响时长",
                "平均响应速度",
                "人工平均回复时长",
                "平均应答时长",
                "average response",
                "avg response",
            ),
        ),
        MetricInfo(
            Metric.FIRST_RESPONSE,
            Unit.SECONDS,
            False,
            (
                "首次响应时间",
                "首次响应",
                "首次响应时长",
                "平均首次响应时长",
                "首响时长",
                "全天首响时长",
                "首响时间",
                "首次回复时长",
                "first response",
            ),
        ),
        MetricInfo(
            Metric.REPLY_RATE_3M,
            Unit.PERCENT,
            True,
            (
                "3分钟回复率",
                "三分钟回复率",
                "全天3分钟回复率",
                "3分钟响应率",
                "三分钟响应率",
                "人工3分钟回复率",
                "三分钟回复率人维度",
                "3 minute reply rate",
            ),
        ),
        MetricInfo(Metric.REPLY_RATE, Unit.PERCENT, True, ("回复率", "有效回复率", "reply rate")),
        MetricInfo(
            Metric.SATISFACTION,
            Unit.PERCENT,
            True,
            (
                "满意度",
                "满意率",
                "客户满意率",
                "客户满意比",
                "全天满意率",
                "好评率",
                "好评率人维度",
                "satisfaction",
            ),
        ),
        MetricInfo(Metric.REFUND_RATE, Unit.PERCENT, False, ("退款率", "refund rate")),
        MetricInfo(Metric.INQUIRIES, Unit.COUNT, True, ("咨询人数", "咨询客户数", "inquiries")),
        MetricInfo(Metric.RECEIVED, Unit.COUNT, True, ("接待人数", "已接待人数", "接待客户数", "received")),
        MetricInfo(Metric.INQUIRY_BUYERS, Unit.COUNT, True, ("询单人数", "询单客户数")),
        MetricInfo(Metric.SALES, Unit.MONEY, True, ("销售额", "客服销售额", "客服询单支付额", "询单支付额", "sales")),
        MetricInfo(Metric.AOV, Unit.MONEY, True, ("客单价", "询单客单价", "average order value")),
    )
}

# The columns that name the CS account (旺旺 sub-account, 飞鸽 or 咚咚 account) and the period of a row.
ACCOUNT_ALIASES: tuple[str, ...] = (
    "旺旺",
    "客服旺旺",
    "旺旺号",
    "子账号",
    "客服子账号",
    "客服",
    "客服账号",
    "客服名称",
    "客服昵称",
    "客服名",
    "客服id",
    "客服姓名",
    "账号",
    "飞鸽账号",
    "咚咚账号",
    "昵称",
    "account",
)
DATE_ALIASES: tuple[str, ...] = (
    "日期",
    "统计日期",
    "时间",
    "统计时间",
    "日期范围",
    "统计周期",
    "时间段",
    "周期",
    "date",
    "period",
)


def info(metric: str) -> MetricInfo:
    return METRICS[metric]


def label_of(metric: str) -> str | Promise:
    return METRICS[metric].metric.label if metric in METRICS else metric
