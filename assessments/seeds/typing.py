"""Starter typing passages (打字测试): five everyday customer-service replies to copy.

Each is 110–130 characters of natural Chinese with Chinese punctuation, the kind of text a
new hire types into the chat window many times a day: a greeting with a product answer, a
logistics-delay apology, the return/exchange rules, a complaint-soothing script and a closing.
The titles start with a number so the admin and the trainee list show them in teaching order.
"""

from __future__ import annotations

from typing import Any

DURATION_SECONDS = 120
MIN_CPM = 60
MIN_ACCURACY = 95

PASSAGES: list[tuple[str, str]] = [
    (
        "01 问候与商品咨询",
        "亲，您好！欢迎光临本店，我是客服小美，很高兴为您服务。您咨询的这款保温杯采用304不锈钢内胆，"
        "容量500毫升，保温时间可达12小时，上班和出行都很方便。现在店铺有满100元减10元的活动，"
        "今天下午五点前下单当天就能发货。请问您还有什么想了解的吗？",
    ),
    (
        "02 物流延误致歉",
        "亲，非常抱歉让您久等了！我们查询到您的包裹因为近期天气原因在中转站有所延误，目前已经在派送途中，"
        "预计明后两天就能送达。给您带来不便，我们深表歉意。我们会持续跟进物流进度，有新的消息会第一时间通知您，"
        "也麻烦您保持电话畅通，方便快递员联系您。",
    ),
    (
        "03 退换货说明",
        "亲，本店支持七天无理由退换货。请您在签收后七天内，在订单页面点击“申请售后”，选择退货或换货并填写原因。"
        "商品需要保持吊牌完好、不影响二次销售。如果是质量问题，来回运费由我们承担；如果是个人原因，"
        "运费需要您自行承担。我们收到退货后会在48小时内为您办理退款。",
    ),
    (
        "04 售后投诉安抚",
        "亲，非常理解您现在的心情，遇到这样的问题换作是我也会着急。真的很抱歉给您带来了不好的购物体验。"
        "麻烦您先拍几张商品问题的照片发给我，我马上为您登记并反馈给售后主管。我们会尽快给您一个满意的处理方案，"
        "无论是补发、换货还是退款，都会以您的意愿为准，请您放心。",
    ),
    (
        "05 结束语",
        "感谢您对本店的支持与信任！您的订单我们会尽快安排发货，发货后可以在订单详情里查看物流信息。"
        "收到商品后如果有任何问题，欢迎随时联系我们，客服在线时间是每天早上九点到晚上十二点。"
        "如果您对这次购物满意，期待您给我们一个五星好评。祝您生活愉快，欢迎再次光临！",
    ),
]


def install(apps: Any) -> None:
    """Idempotent by title: a passage that already exists (perhaps edited by HR) is left alone."""
    TypingPassage = apps.get_model("assessments", "TypingPassage")  # noqa: N806
    for title, text in PASSAGES:
        if TypingPassage.objects.filter(title=title).exists():
            continue
        TypingPassage.objects.create(
            title=title, text=text, duration_seconds=DURATION_SECONDS, min_cpm=MIN_CPM, min_accuracy=MIN_ACCURACY
        )
