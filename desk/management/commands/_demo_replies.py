"""Quick-reply demo data: a team library of about twenty phrases in 欢迎语 / 物流 / 售后 / 催付 approved by the
trainer, two proposals from the trainee waiting (one with banned words, so approving it is refused), and a few
phrases in the trainee's own library."""

from __future__ import annotations

from django.contrib.auth.models import User

from replies.models import PhraseGroup, Scope
from replies.services import approve_phrase, propose_phrase, save_personal_phrase

TEAM: dict[str, list[tuple[str, str, list[str], list[str]]]] = {
    "欢迎语": [
        ("hy", "亲，您好！欢迎光临小店，很高兴为您服务～", [], ["开场"]),
        ("zx", "亲，在的哦，请问有什么可以帮您？", [], ["开场"]),
        ("dd", "亲，稍等一下，我帮您查询一下哦～", [], []),
        ("xx", "感谢您的耐心等待，让您久等了！", [], []),
        ("zj", "亲，还有其他可以帮您的吗？祝您生活愉快～", [], ["结束语"]),
    ],
    "物流": [
        ("fh", "亲，下单后48小时内发货，发货后会有物流信息更新哦。", ["pre_sale", "in_sale"], ["发货"]),
        ("kd", "默认发中通快递，需要顺丰可以补邮费差价哦～", ["pre_sale"], ["快递"]),
        ("cx", "亲，物流单号已发您，可以在订单详情里查看物流进度。", ["in_sale"], ["物流"]),
        ("yc", "非常抱歉物流延迟了，我这边马上联系快递帮您催一下。", ["in_sale", "after_sale"], ["物流", "催件"]),
        ("pp", "亲，偏远地区（新疆、西藏等）需要补运费，请谅解。", ["pre_sale"], ["运费"]),
    ],
    "售后": [
        ("th", "亲，支持7天无理由退换，商品不影响二次销售即可。", ["after_sale"], ["退货"]),
        (
            "thdz",
            "退货请寄回：浙江省杭州市余杭区仓前街道 电商仓库 收，\n寄出后请把单号告诉我哦。",
            ["after_sale"],
            ["退货"],
        ),
        ("zl", "非常抱歉给您带来不好的体验，麻烦拍一下商品问题的照片，我马上为您处理。", ["after_sale"], ["质量"]),
        ("tk", "退款已为您提交，原路退回，一般1-3个工作日到账。", ["after_sale"], ["退款"]),
        ("yf", "亲，如果是质量问题，退货运费由我们承担哦。", ["after_sale"], ["运费", "退货"]),
    ],
    "催付": [
        ("cf", "亲，看到您拍下了宝贝还没付款，现在付款今天就能发出哦～", ["pre_sale"], ["催付"]),
        ("cf2", "亲，您选的款库存不多了，喜欢的话尽快付款哦。", ["pre_sale"], ["催付"]),
        ("yh", "亲，现在下单可以领店铺优惠券，比平时更划算哦。", ["pre_sale"], ["优惠"]),
        ("dz", "亲，您的订单地址需要确认一下，确认后我们马上安排发货。", ["pre_sale", "in_sale"], ["地址"]),
    ],
}
PROPOSALS = [
    ("物流", "sf", "亲，满 99 元包顺丰，不满的话也可以补差价升级顺丰哦。"),
    ("催付", "zd", "全网最低价，加微信再送小礼品！"),  # banned words: approving it is refused
]
MINE = [
    ("我的常用", "nh", "亲，您好，我是客服小花，很高兴为您服务～"),
    ("我的常用", "bq", "抱歉让您久等了，我马上帮您查。"),
    ("", "xie", "谢谢亲的支持，祝您购物愉快！"),
]


def load(*, trainer: User, trainee: User | None) -> None:
    for order, (name, phrases) in enumerate(TEAM.items()):
        group = PhraseGroup.objects.create(scope=Scope.TEAM, name=name, order=order)
        for code, text, classes, tags in phrases:
            phrase = propose_phrase(group=group, code=code, text=text, position_classes=classes, tags=tags, by=trainer)
            approve_phrase(phrase=phrase, by=trainer)
    proposer = trainee or trainer
    for group_name, code, text in PROPOSALS:
        group = PhraseGroup.objects.get(scope=Scope.TEAM, name=group_name)
        propose_phrase(group=group, code=code, text=text, position_classes=[], tags=[], by=proposer)
    if trainee is not None:
        for group_name, code, text in MINE:
            save_personal_phrase(
                owner=trainee, group_name=group_name, code=code, text=text, position_classes=[], tags=[]
            )
