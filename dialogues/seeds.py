"""Starter scenarios (情景对话): four per position class, drawn from the training documents' day 6 (常见问题
角色扮演: 物流延迟, 质量问题, 退换货, 投诉 …). Installed by a data migration; ``install`` never touches a
scenario whose code already exists, so trainers may edit them in the admin. New scenarios are linked to the
new-hire plan's day-6 情景对话 items."""

from __future__ import annotations

from typing import Any

PLAN = "new-hire-16"
PLAN_TOPIC_PREFIX = "情景对话"


def kp(label: str, *any_of: str) -> dict[str, Any]:
    return {"label": label, "any_of": list(any_of)}


GREET = kp("问候与称呼", "您好", "亲", "在的", "欢迎")
SORRY = kp("致歉与共情", "抱歉", "不好意思", "对不起", "理解", "着急", "辛苦")
THANKS = kp("致谢", "谢谢", "感谢")
BLAME = ["不关我事", "跟我没关系", "你自己", "你去问别的部门"]

SCENARIOS: list[dict[str, Any]] = [
    # —— 售前 ——
    {
        "code": "pre-inquiry-size",
        "title": "连衣裙尺码与面料咨询",
        "position_class": "pre_sale",
        "stage": "pre_sale",
        "topic": "inquiry",
        "difficulty": 1,
        "context": (
            "商品：秋冬针织连衣裙（S/M/L/XL），含棉 70%，M 码适合 155–165 cm、95–115 斤。当天 16:00 前付款当天发货。"
        ),
        "turns": [
            (
                "在吗？这款连衣裙我身高160，体重105斤，穿什么码？",
                [GREET, kp("推荐尺码", "M码", "M 码", "m码", "中码"), kp("依据", "身高", "体重", "尺码表")],
                [],
                45,
                "亲，您好！按您身高160、体重105斤，建议选 M 码，详情页有尺码表可以对照一下哦。",
            ),
            (
                "面料会不会起球？洗了会缩水吗？",
                [kp("面料说明", "棉", "面料", "材质"), kp("洗护建议", "手洗", "冷水", "洗涤", "平铺", "不缩水")],
                ["绝对不起球", "100%", "永不"],
                60,
                "这款含棉 70%，手感柔软。建议冷水手洗、平铺晾干，这样不容易起球也不会缩水哦。",
            ),
            (
                "好的，那我现在拍，今天能发货吗？",
                [kp("发货时间", "今天", "当天", "16点", "16:00", "发出"), THANKS],
                [],
                45,
                "可以的亲，16:00 前付款今天就能发出，发货后会有物流信息提醒。感谢您的支持！",
            ),
        ],
    },
    {
        "code": "pre-bargain",
        "title": "买家要求便宜、私下交易",
        "position_class": "pre_sale",
        "stage": "pre_sale",
        "topic": "bargaining",
        "difficulty": 2,
        "context": "商品：保温杯 129 元；店铺满 150 减 15，另有 5 元无门槛优惠券；赠品为杯套。",
        "turns": [
            (
                "能便宜点吗？别家才卖89。",
                [
                    kp("价值说明", "品质", "正品", "质量", "材质", "售后"),
                    kp("现有优惠", "优惠券", "满减", "活动", "赠品"),
                ],
                ["最低价", "全网最低", "加微信"],
                60,
                "亲，理解您想省一点。我们是正品 304 不锈钢，品质有保障；现在领 5 元无门槛优惠券，还送杯套哦。",
            ),
            (
                "你加我微信，私下转账给你，便宜点行不行？",
                [
                    kp("说明平台规则", "平台", "店铺", "规则", "不能", "无法"),
                    kp("给出替代", "优惠券", "赠品", "运费险", "满减"),
                ],
                ["加微信", "微信", "私下", "转账", "最低价"],
                60,
                "亲，为了保障您的交易安全，我们只在平台内交易哦。您可以领优惠券下单，我们还送杯套和运费险。",
            ),
            (
                "那凑个满减，再买个杯刷，一共多少钱？",
                [kp("计算价格", "元", "一共", "合计"), kp("促成下单", "下单", "拍下", "付款")],
                [],
                60,
                "亲，保温杯 129 元加杯刷 25 元，满 150 减 15 后一共 139 元，再用 5 元券是 134 元，现在拍下今天发货哦。",
            ),
        ],
    },
    {
        "code": "pre-payment-reminder",
        "title": "下单未付款的催付",
        "position_class": "pre_sale",
        "stage": "pre_sale",
        "topic": "payment_reminder",
        "difficulty": 1,
        "context": "买家 2 小时前拍下一件羽绒服（399 元）未付款。活动价今晚 24:00 结束；店铺有七天无理由和运费险。",
        "turns": [
            (
                "我是拍了，但还在犹豫，怕买了不合适。",
                [
                    kp("了解顾虑", "顾虑", "担心", "犹豫", "哪方面", "考虑"),
                    kp("保障", "七天无理由", "7天无理由", "运费险", "退换"),
                ],
                ["不买拉倒", "随你便"],
                60,
                "亲，理解您的顾虑。请问是担心尺码还是颜色？我们支持七天无理由退换，还送运费险，不合适可以放心退换。",
            ),
            (
                "活动价什么时候结束？",
                [kp("活动时限", "今晚", "24点", "24:00", "今天"), kp("促成付款", "付款", "支付", "库存")],
                [],
                45,
                "活动价今晚 24:00 结束哦，库存也不多了，您确认好尺码就可以付款，我们尽快为您发货。",
            ),
        ],
    },
    {
        "code": "pre-inquiry-gift",
        "title": "礼品推荐与定制",
        "position_class": "pre_sale",
        "stage": "pre_sale",
        "topic": "inquiry",
        "difficulty": 2,
        "context": "店铺保温杯 99–199 元，500 ml 款最受欢迎，可免费刻字（加 1 天），普通地区 2–3 天送达。",
        "turns": [
            (
                "想给妈妈买个保温杯，有推荐的吗？预算200以内。",
                [kp("了解需求", "容量", "用途", "平时", "喜欢"), kp("给出推荐", "推荐", "这款", "款")],
                ["最好的", "第一", "最佳"],
                60,
                (
                    "亲，送妈妈很贴心！请问阿姨平时是在家用还是出门带？"
                    "推荐这款 500 ml 的，保温 12 小时，价格 159 元，在预算内。"
                ),
            ),
            (
                "这个能刻字吗？多久能到？",
                [kp("定制说明", "刻字", "定制"), kp("送达时间", "天", "发货", "送达", "到货")],
                ["保证", "100%"],
                60,
                "可以免费刻字的，刻字会多 1 天制作时间，一般发货后 2–3 天就能送到哦。",
            ),
        ],
    },
    # —— 售中 ——
    {
        "code": "in-logistics-delay",
        "title": "物流三天未更新",
        "position_class": "in_sale",
        "stage": "in_sale",
        "topic": "logistics_delay",
        "difficulty": 1,
        "context": "订单 2026-11-10 由中通快递发出，物流停在“杭州转运中心”已 3 天。买家后天要用。",
        "turns": [
            (
                "我的快递怎么三天都没动了？到底还发不发？",
                [SORRY, kp("查询物流", "查询", "核实", "查一下", "跟进", "帮您查")],
                BLAME,
                60,
                "亲，非常抱歉让您着急了！包裹 11 月 10 日已经发出，我马上帮您联系中通核实物流情况。",
            ),
            (
                "我后天就要用，能不能快点？",
                [
                    kp("催件", "催促", "催件", "联系快递", "加急", "催一下"),
                    kp("回复时间", "小时", "今天", "回复您", "通知您"),
                ],
                ["保证", "一定到", "肯定到"],
                60,
                "理解您的急用，我已经联系快递催件，今天下班前给您回复最新进度，有消息第一时间通知您。",
            ),
            (
                "要是到不了怎么办？",
                [kp("备选方案", "补发", "退款", "重新发", "顺丰"), kp("持续跟进", "跟进", "通知", "联系您")],
                ["保证退", "一定赔", "立即到账"],
                60,
                "如果快递确认延误或丢件，我们可以为您补发或办理退款，我会一直跟进，有结果马上联系您。",
            ),
        ],
    },
    {
        "code": "in-address-change",
        "title": "下单后修改收货地址",
        "position_class": "in_sale",
        "stage": "in_sale",
        "topic": "address_change",
        "difficulty": 1,
        "context": "订单已付款，仓库已打单并交给韵达，物流显示“已揽收”。",
        "turns": [
            (
                "我刚下单，地址填错了，能改一下吗？",
                [GREET, kp("核对信息", "订单号", "订单", "新地址", "收货信息", "地址")],
                [],
                45,
                "亲，您好！麻烦把订单号和正确的收货地址、电话发给我，我马上为您核对修改。",
            ),
            (
                "物流显示已经揽收了，还能改吗？",
                [
                    kp("联系快递", "快递", "拦截", "转寄", "改派"),
                    kp("说明费用或时间", "费用", "运费", "时间", "多一天"),
                ],
                ["不可能", "没办法", "做不到"],
                60,
                "已揽收的包裹我们可以联系韵达为您改派到新地址，可能会晚一天送到，如有转寄费用我们会先和您确认。",
            ),
        ],
    },
    {
        "code": "in-signed-not-received",
        "title": "显示签收但没收到",
        "position_class": "in_sale",
        "stage": "in_sale",
        "topic": "logistics_delay",
        "difficulty": 3,
        "context": "物流显示昨天 18:20 “已签收，签收人：快递柜”。买家说没收到。",
        "turns": [
            (
                "物流显示已签收，可我根本没收到！",
                [SORRY, kp("确认代收", "快递柜", "驿站", "代收", "家人", "门卫")],
                BLAME,
                60,
                "亲，非常抱歉给您带来麻烦！物流显示放在了快递柜，麻烦您先看一下附近快递柜或驿站，是否有家人代收。",
            ),
            (
                "都找过了，没有！",
                [kp("联系快递核实", "联系快递", "快递员", "核实", "投诉快递"), kp("给出方案", "补发", "退款", "处理")],
                ["你自己弄丢", "保证退", "一定赔"],
                60,
                "明白了，我马上联系快递员核实投递情况，24 小时内给您答复；确认丢件的话我们为您补发或退款。",
            ),
        ],
    },
    {
        "code": "in-shipping-urge",
        "title": "付款两天还没发货",
        "position_class": "in_sale",
        "stage": "in_sale",
        "topic": "logistics_delay",
        "difficulty": 2,
        "context": "预售款，页面写明“付款后 3 天内发货”，买家付款已 2 天。仓库预计明天发出。",
        "turns": [
            (
                "付款两天了还不发货？是不是没货了？",
                [SORRY, kp("说明发货时间", "明天", "3天内", "三天内", "预售")],
                ["系统崩了", "不关我事"],
                60,
                "亲，抱歉让您久等了！这款是预售，页面写明付款后 3 天内发货，仓库预计明天为您发出。",
            ),
            (
                "能不能今天就发？",
                [kp("尽力协调", "仓库", "催", "优先", "尽量"), kp("通知买家", "单号", "通知", "告诉您")],
                ["保证", "一定", "肯定"],
                60,
                "我这就联系仓库尽量优先为您安排，发出后第一时间把单号发给您。",
            ),
        ],
    },
    # —— 售后 ——
    {
        "code": "after-exchange-size",
        "title": "尺码不合适要换货",
        "position_class": "after_sale",
        "stage": "after_sale",
        "topic": "return_exchange",
        "difficulty": 1,
        "context": "订单签收 3 天，买家购买时有运费险。商品支持七天无理由退换（不影响二次销售）。",
        "turns": [
            (
                "衣服大了，想换小一码，怎么弄？",
                [kp("换货流程", "申请", "换货", "退换", "售后"), kp("运费说明", "运费险", "运费")],
                [],
                60,
                "亲，您在订单里申请换货，选小一码寄回就可以，您有运费险，寄回运费可以理赔哦。",
            ),
            (
                "吊牌我剪了，还能换吗？",
                [kp("规则说明", "吊牌", "二次销售"), kp("给出办法", "拍照", "照片", "帮您", "申请")],
                ["不可能", "没办法", "自己的问题"],
                60,
                "吊牌剪了影响二次销售，不过衣服没有穿过洗过的话，您拍张照片给我，我帮您申请特殊处理。",
            ),
        ],
    },
    {
        "code": "after-quality-leak",
        "title": "保温杯漏水的质量问题",
        "position_class": "after_sale",
        "stage": "after_sale",
        "topic": "quality_problem",
        "difficulty": 2,
        "context": "买家签收 2 天。质量问题可换新或退款，来回运费由店铺承担。",
        "turns": [
            (
                "杯子用了两天就漏水，什么破质量！",
                [SORRY, kp("请求凭证", "照片", "图片", "视频", "拍")],
                ["你用错了", "不可能", "不关我事"],
                60,
                "亲，非常抱歉给您带来不好的体验！麻烦您拍一段漏水的视频或照片给我，我马上为您处理。",
            ),
            (
                "视频发你了，怎么处理？",
                [kp("处理方案", "换新", "退款", "补发"), kp("运费承担", "运费", "我们承担", "不用您")],
                ["保证退", "立即到账"],
                60,
                "收到视频了，确实是质量问题，可以为您换新或退款，来回运费都由我们承担。",
            ),
            (
                "换新吧，这次一定要检查好再发。",
                [kp("质检承诺", "检查", "质检", "测试"), THANKS],
                [],
                45,
                "好的，新杯子发出前我们会先做漏水测试，感谢您的理解，给您添麻烦了！",
            ),
        ],
    },
    {
        "code": "after-bad-review",
        "title": "差评挽回",
        "position_class": "after_sale",
        "stage": "after_sale",
        "topic": "bad_review",
        "difficulty": 3,
        "context": "买家给了差评：“颜色和图片差很多”。平台规则禁止好评返现和以利益诱导修改评价。",
        "turns": [
            (
                "东西和图片差太多了，我已经给差评了。",
                [SORRY, kp("了解原因", "原因", "哪里", "不满意", "具体")],
                ["返现", "好评返现"],
                60,
                "亲，非常抱歉没让您满意！请问是颜色哪里和图片差别大呢？我想先了解清楚，帮您解决。",
            ),
            (
                "你们给多少钱，我就把差评改了。",
                [kp("说明平台规则", "规则", "平台", "不能"), kp("回到解决问题", "退换", "退货", "解决", "处理")],
                ["返现", "好评返现", "红包", "加微信"],
                60,
                "亲，平台规则不允许用钱换评价哦。颜色不满意的话，我们可以为您退换货，运费我们承担，先把问题解决好。",
            ),
        ],
    },
    {
        "code": "after-complaint",
        "title": "退款拖延的投诉",
        "position_class": "after_sale",
        "stage": "after_sale",
        "topic": "complaint",
        "difficulty": 3,
        "context": "买家申请退款 7 天，退货已签收 4 天，仓库漏处理。",
        "turns": [
            (
                "我要投诉你们！退款拖了一个星期，客服还不理人！",
                [SORRY, kp("查询进度", "进度", "查询", "核实", "查一下")],
                ["随你便", "爱投诉", "你去投诉", "不关我事"],
                45,
                "亲，非常抱歉让您等了这么久！我马上帮您查询退款进度。",
            ),
            (
                "我要去12315投诉！",
                [
                    kp("表示理解", "理解", "抱歉"),
                    kp("给出时限", "今天", "小时", "马上"),
                    kp("专人负责", "主管", "专人", "负责"),
                ],
                ["随你便", "爱投诉", "你去投诉", "保证退"],
                60,
                "非常理解您的心情。退货仓库 4 天前已签收，是我们处理晚了，我已请主管专人负责，今天内为您完成退款。",
            ),
            (
                "那今天退不了怎么办？",
                [kp("跟进承诺", "跟进", "通知", "联系您"), kp("补偿或歉意", "补偿", "优惠券", "抱歉")],
                ["保证", "一定", "立即到账"],
                60,
                "我会一直跟进，退款完成后第一时间通知您；给您带来的不便，我们再送您一张优惠券表达歉意。",
            ),
        ],
    },
]


def install(apps: Any) -> None:
    """Idempotent by scenario code. New scenarios hang on the new-hire plan's day-6 情景对话 items."""
    Scenario = apps.get_model("dialogues", "Scenario")  # noqa: N806
    Turn = apps.get_model("dialogues", "Turn")  # noqa: N806
    PlanItem = apps.get_model("training", "PlanItem")  # noqa: N806
    items = list(
        PlanItem.objects.filter(template__code=PLAN, day_number=6, topic__startswith=PLAN_TOPIC_PREFIX).order_by(
            "order", "id"
        )
    )
    for spec in SCENARIOS:
        if Scenario.objects.filter(code=spec["code"]).exists():
            continue
        scenario = Scenario.objects.create(
            code=spec["code"],
            title=spec["title"],
            position_class=spec["position_class"],
            stage=spec["stage"],
            topic=spec["topic"],
            difficulty=spec["difficulty"],
            context=spec["context"],
        )
        Turn.objects.bulk_create(
            Turn(
                scenario=scenario,
                order=order,
                buyer_text=buyer,
                key_points=points,
                forbidden_words=forbidden,
                target_seconds=target,
                reference_answer=reference,
            )
            for order, (buyer, points, forbidden, target, reference) in enumerate(spec["turns"], start=1)
        )
        if items:
            scenario.plan_items.add(*items)
