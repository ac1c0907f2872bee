"""Score-sheet versions, and the default 100-point sheet installed by ``migrations/0002_default_sheet``.

The default sheet follows the source documents' 质检 notes: 响应 20, 态度 25, 专业 30, 规范 15 and 销售 10
(pre-sale only; the other position classes are scored out of the remaining 90 and scaled to 100), and the red
lines that zero a chat (辱骂, 泄露客户信息, 站外导流, 违规承诺, 广告法极限词). Its words are training material,
like the standard plans, so they are Chinese and not translated. HR edits it in the admin until the first check
is scored against it; after that, changes go into a new version.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .models import Item, ScoreSheet


class SheetError(Exception):
    pass


@transaction.atomic
def new_version(*, sheet: ScoreSheet) -> ScoreSheet:
    """Copy ``sheet`` with its categories and items into the next version of its code. The copy is in use in
    the original's place (the original, if in use, is switched off), so new checks are scored against the copy
    while old checks keep theirs."""
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    last = ScoreSheet.objects.filter(code=sheet.code).aggregate(last=Max("version"))["last"] or sheet.version
    if ScoreSheet.objects.filter(code=sheet.code, version__gt=sheet.version).exists():
        raise SheetError(
            _("“%(sheet)s” already has a newer version (v%(version)s): copy that one instead.")
            % {"sheet": sheet, "version": last}
        )
    was_active = sheet.is_active
    if was_active:
        ScoreSheet.objects.filter(pk=sheet.pk).update(is_active=False)
    copy = ScoreSheet.objects.create(
        code=sheet.code,
        version=last + 1,
        name=sheet.name,
        description=sheet.description,
        total_points=sheet.total_points,
        pass_mark=sheet.pass_mark,
        is_active=was_active,
    )
    for category in sheet.categories.prefetch_related("items"):
        items = list(category.items.all())
        category.pk = None
        category.sheet = copy
        category.save()
        for item in items:
            item.pk = None
            item.category = category
        Item.objects.bulk_create(items)
    return copy


# ---------------------------------------------------------------------------- the default sheet

DEFAULT_CODE = "default-100"

# (category, points, position classes (empty: all), [(code, item, points, red line, refresher topic, rule)])
DEFAULT_SHEET: list[tuple[str, int, list[str], list[tuple[str, str, int, bool, str, str]]]] = [
    (
        "响应时效",
        20,
        [],
        [
            (
                "resp-first-slow",
                "首次响应超过 30 秒",
                -5,
                False,
                "响应时效",
                "顾客首条消息后 30 秒内未人工回复（自动回复不计）。",
            ),
            (
                "resp-wait-no-apology",
                "超过 3 分钟才回复且未致歉",
                -10,
                False,
                "响应时效",
                "回复间隔超过 3 分钟，随后 5 条消息内没有“抱歉/久等了”。",
            ),
            (
                "resp-no-follow-up",
                "说“稍等”后未及时跟进",
                -10,
                False,
                "响应时效",
                "说“稍等/我查一下”后 15 分钟内没有下文。",
            ),
            ("resp-missed-question", "遗漏顾客问题", -10, False, "沟通技巧", "顾客的问题有问未答，或只答了一部分。"),
        ],
    ),
    (
        "服务态度",
        25,
        [],
        [
            (
                "att-no-greeting",
                "无欢迎语或欢迎语不规范",
                -3,
                False,
                "客服话术",
                "接待开始时没有问候，或未使用店铺规范欢迎语。",
            ),
            ("att-no-closing", "结束语缺失或不规范", -3, False, "客服话术", "会话结束时没有结束语，或结束语生硬。"),
            (
                "att-forbidden-words",
                "使用服务禁语",
                -15,
                False,
                "服务禁语",
                "如“不可能”“做不到”“不关我事”“你听不懂吗”“爱买不买”。",
            ),
            (
                "att-shifting-blame",
                "推诿或甩锅",
                -10,
                False,
                "沟通技巧",
                "把问题推给顾客、系统或其他部门，不主动解决。",
            ),
            ("att-no-calming", "顾客情绪激动时未安抚", -5, False, "投诉与纠纷处理", "顾客不满时没有致歉、共情或安抚。"),
            (
                "att-warm-closing",
                "主动关怀、结束语得体",
                5,
                False,
                "",
                "主动提醒注意事项、关怀顾客，结束语温暖得体（加分项）。",
            ),
        ],
    ),
    (
        "专业能力",
        30,
        [],
        [
            (
                "pro-wrong-answer",
                "答复错误或与商品信息不符",
                -15,
                False,
                "商品知识",
                "尺码、材质、功效、价格、活动等答复与实际不符。",
            ),
            (
                "pro-facts-unchecked",
                "未核实关键信息即答复",
                -10,
                False,
                "平台规则",
                "未查规格、库存、活动规则或物流就下结论。",
            ),
            (
                "pro-no-solution",
                "未给出可行的解决方案",
                -10,
                False,
                "退换货流程",
                "售后问题没有给出明确、可执行的处理方案和时限。",
            ),
            ("pro-repeat-question", "让顾客重复提问", -10, False, "沟通技巧", "没有看聊天记录，让顾客把问题再说一遍。"),
        ],
    ),
    (
        "操作规范",
        15,
        [],
        [
            (
                "proc-order-address",
                "未核对订单和收货地址",
                -5,
                False,
                "订单处理",
                "下单、改单、补发前未与顾客核对订单信息和地址。",
            ),
            ("proc-no-rating-invite", "未邀请评价", -5, False, "客服话术", "问题解决后没有邀请顾客评价。"),
            ("proc-no-notes", "未按要求备注或登记", -5, False, "订单处理", "需要备注的订单、需要登记的问题没有记录。"),
            ("proc-absolute-words", "使用绝对化用语", -10, False, "平台规则", "如“绝对”“100%”“肯定没问题”。"),
        ],
    ),
    (
        "销售能力",
        10,
        ["pre_sale"],
        [
            (
                "sale-no-recommendation",
                "未主动推荐或关联销售",
                -5,
                False,
                "主动销售",
                "有机会时没有推荐合适的商品或搭配。",
            ),
            (
                "sale-no-payment-follow-up",
                "未跟进未付款订单",
                -5,
                False,
                "主动销售",
                "顾客下单未付款，没有适时催付或解答顾虑。",
            ),
        ],
    ),
    (
        "红线",
        0,
        [],
        [
            ("red-abuse", "辱骂、讽刺或威胁顾客", 0, True, "职业道德", "任何辱骂、讽刺、威胁顾客的言语。"),
            (
                "red-privacy",
                "泄露客户信息",
                0,
                True,
                "职业道德（客户隐私）",
                "向他人透露顾客的姓名、电话、地址、订单等信息。",
            ),
            ("red-off-platform", "站外导流", 0, True, "平台规则", "引导顾客加微信、QQ 或到站外交易、联系。"),
            (
                "red-false-promise",
                "承诺无法兑现的事项",
                0,
                True,
                "平台规则",
                "违规承诺，如“保证退”“一定赔”“立即到账”。",
            ),
            ("red-ad-law", "使用广告法极限词", 0, True, "平台规则", "如“最好”“第一”“全网最低”“100%正品”。"),
        ],
    ),
]


def install_default_sheet(apps: Any) -> None:
    """Install the default sheet (idempotent); ``apps`` is a migration's app registry or ``django.apps.apps``."""
    sheet_model = apps.get_model("quality", "ScoreSheet")
    category_model = apps.get_model("quality", "Category")
    item_model = apps.get_model("quality", "Item")
    if sheet_model.objects.filter(code=DEFAULT_CODE).exists():
        return
    sheet = sheet_model.objects.create(
        code=DEFAULT_CODE,
        version=1,
        name="会话质检评分表（100 分）",
        description=(
            "每通会话满分 100 分：响应时效 20、服务态度 25、专业能力 30、操作规范 15、销售能力 10。"
            "各大项扣分以该项分值为限；加分项另加，总分不超过 100。销售能力只用于售前，"
            "售中、售后按其余 90 分折算为百分制。触碰任何一条红线，整通会话计 0 分。80 分及格。"
        ),
        total_points=100,
        pass_mark=80,
        is_active=True,
    )
    for order, (name, points, classes, items) in enumerate(DEFAULT_SHEET, start=1):
        category = category_model.objects.create(
            sheet=sheet, name=name, max_points=points, position_classes=classes, order=order
        )
        item_model.objects.bulk_create(
            item_model(
                category=category,
                code=code,
                title=title,
                points=item_points,
                is_red_line=red,
                refresher_topic=topic,
                rule=rule,
                order=i,
            )
            for i, (code, title, item_points, red, topic, rule) in enumerate(items, start=1)
        )
