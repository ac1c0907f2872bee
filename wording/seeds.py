"""The starter list (version 1): 广告法 extreme words, false promises, 服务禁语 and off-platform diversion,
as collected from open-source CS tools and ad sanitisers (see the domain notes), with the allow-list that
keeps 第一次 and 第一时间 from firing 第一.

Chinese, because the words are the shops' material, not interface text. Trainers edit the list afterwards
(a new version each time they publish).
"""

from __future__ import annotations

from typing import Any

AD_LAW = "ad_law"
FALSE_PROMISE = "false_promise"
SERVICE = "service"
DIVERSION = "diversion"
BLOCK = "block"
WARN = "warn"

PLATFORM_ONLY = "请在平台内沟通，有问题随时在这里联系我"

# (word, category, severity, replacement)
WORDS: list[tuple[str, str, str, str]] = [
    # 广告法 (extreme words): block.
    ("国家级", AD_LAW, BLOCK, ""),
    ("世界级", AD_LAW, BLOCK, ""),
    ("唯一", AD_LAW, BLOCK, ""),
    ("独家", AD_LAW, BLOCK, ""),
    ("首个", AD_LAW, BLOCK, ""),
    ("第一", AD_LAW, BLOCK, ""),
    ("万能", AD_LAW, BLOCK, "用途多"),
    ("完美", AD_LAW, BLOCK, "出色"),
    ("百分百", AD_LAW, BLOCK, ""),
    ("顶级", AD_LAW, BLOCK, "高品质"),
    ("最佳", AD_LAW, BLOCK, "很好"),
    ("最优", AD_LAW, BLOCK, "优质"),
    ("最先进", AD_LAW, BLOCK, "先进"),
    ("最强", AD_LAW, BLOCK, "很强"),
    ("史上最", AD_LAW, BLOCK, ""),
    ("至尊", AD_LAW, BLOCK, ""),
    ("极致", AD_LAW, BLOCK, ""),
    ("顶尖", AD_LAW, BLOCK, "优秀"),
    ("首选", AD_LAW, BLOCK, "推荐"),
    ("权威", AD_LAW, BLOCK, "专业"),
    ("全网最低", AD_LAW, BLOCK, "很优惠"),
    ("最低价", AD_LAW, BLOCK, "优惠价"),
    ("100%正品", AD_LAW, BLOCK, "正品保障"),
    # 虚假承诺: a promise the shop cannot keep blocks; absolute wording warns.
    ("保证退", FALSE_PROMISE, BLOCK, "符合条件的可以申请退款"),
    ("一定赔", FALSE_PROMISE, BLOCK, "我们会按平台规则为您处理"),
    ("立即到账", FALSE_PROMISE, BLOCK, "退款会按平台时效尽快到账"),
    ("包退包换", FALSE_PROMISE, BLOCK, "符合售后规则的可以退换"),
    ("绝对", FALSE_PROMISE, WARN, "一般情况下"),
    ("100%", FALSE_PROMISE, WARN, ""),
    ("肯定没问题", FALSE_PROMISE, WARN, "一般不会有问题，有问题随时联系我"),
    # 服务禁语: negative wording warns; blame-shifting and hostile wording blocks.
    ("不可能", SERVICE, WARN, "暂时无法"),
    ("做不到", SERVICE, WARN, "目前暂时无法做到"),
    ("没办法", SERVICE, WARN, "我帮您想想办法"),
    ("不关我事", SERVICE, BLOCK, "我来帮您核实一下"),
    ("跟我没关系", SERVICE, BLOCK, "我来帮您处理"),
    ("别问我", SERVICE, BLOCK, "我帮您查询一下"),
    ("你去问别的部门", SERVICE, BLOCK, "我帮您联系相关同事"),
    ("你听不懂吗", SERVICE, BLOCK, "我再为您详细解释一下"),
    ("爱办不办", SERVICE, BLOCK, "您看这样处理可以吗"),
    ("随你便", SERVICE, BLOCK, "您看这样处理可以吗"),
    ("系统崩了", SERVICE, WARN, "系统暂时繁忙，请您稍等"),
    # 站外导流: block.
    ("加微信", DIVERSION, BLOCK, PLATFORM_ONLY),
    ("加我微信", DIVERSION, BLOCK, PLATFORM_ONLY),
    ("vx", DIVERSION, BLOCK, PLATFORM_ONLY),
    ("wx", DIVERSION, BLOCK, PLATFORM_ONLY),
    ("微信号", DIVERSION, BLOCK, PLATFORM_ONLY),
    ("加QQ", DIVERSION, BLOCK, PLATFORM_ONLY),
    ("QQ号", DIVERSION, BLOCK, PLATFORM_ONLY),
    ("私聊我", DIVERSION, BLOCK, PLATFORM_ONLY),
    ("支付宝转账", DIVERSION, BLOCK, "请通过平台下单付款"),
    ("微信转账", DIVERSION, BLOCK, "请通过平台下单付款"),
    ("线下交易", DIVERSION, BLOCK, "请通过平台下单付款"),
]

ALLOWED: list[str] = ["第一次", "第一时间"]


def install(apps: Any) -> None:
    """Publish version 1 with the starter list, unless a list exists already (idempotent)."""
    from django.utils import timezone

    WordListVersion = apps.get_model("wording", "WordListVersion")  # noqa: N806 - historical model
    BannedWord = apps.get_model("wording", "BannedWord")  # noqa: N806
    AllowedPhrase = apps.get_model("wording", "AllowedPhrase")  # noqa: N806
    if WordListVersion.objects.exists():
        return
    version = WordListVersion.objects.create(number=1, published_at=timezone.now(), note="初始词库")
    BannedWord.objects.bulk_create(
        BannedWord(version=version, word=w, category=c, severity=s, replacement=r) for w, c, s, r in WORDS
    )
    AllowedPhrase.objects.bulk_create(AllowedPhrase(version=version, phrase=p) for p in ALLOWED)
