"""The three practical-assessment rubrics (实操能力评估) named in the training deck: receiving a
simulated pre-sale buyer, handling an after-sale case, and operating the tools.

Content is Chinese because it is the shops' own scoring sheet, not interface text. HR edits the
rubrics in the admin afterwards; ``install`` never touches a rubric whose code already exists.

RUBRICS rows: code, title, description, pass mark, the plan item it hangs on (topic on the
new-hire plan, or None), and criteria as (title, description, weight, levels); levels are
(label, descriptor, points), best first.
"""

from __future__ import annotations

from typing import Any

PLAN = "new-hire-16"

RUBRICS: list[dict[str, Any]] = [
    {
        "code": "receiving-presale",
        "title": "接待售前咨询",
        "description": (
            "情景对话中由培训师扮演买家发起售前咨询，学员按店铺标准完成接待、推荐与催付。"
            "每项标准选择最符合学员表现的等级。"
        ),
        "pass_mark": 70,
        # Day 6 afternoon: standard wording and the operations walkthrough.
        "topic": "情景对话：标准话术与操作流程",
        "criteria": [
            (
                "问候与响应速度",
                "首次响应时间、欢迎语、之后每条回复的间隔。",
                2,
                [
                    (
                        "优秀",
                        "买家发来消息后 10 秒内首次响应，使用店铺标准欢迎语并称呼买家；之后每条回复都在 30 秒内。",
                        4,
                    ),
                    ("良好", "首次响应在 10–20 秒之间，欢迎语完整；个别回复超过 30 秒，但没有超过 1 分钟的。", 3),
                    ("合格", "首次响应在 20–30 秒之间，欢迎语过于简单或未用标准话术；偶有回复超过 1 分钟。", 2),
                    ("不合格", "首次响应超过 30 秒或没有问候；多次让买家等待 1 分钟以上。", 0),
                ],
            ),
            (
                "了解买家需求",
                "是否通过提问弄清买家的用途、预算和顾虑。",
                2,
                [
                    (
                        "优秀",
                        "主动询问用途、预算、尺码或规格偏好，并复述确认；准确抓住买家的真实顾虑（如是否掉色、何时发货）。",
                        4,
                    ),
                    ("良好", "能通过提问了解主要需求，个别细节要买家自己补充。", 3),
                    ("合格", "只回答买家问到的内容，很少主动提问，但对需求的理解基本正确。", 2),
                    ("不合格", "答非所问或误解买家需求，推荐与需求明显不符。", 0),
                ],
            ),
            (
                "产品知识与推荐",
                "规格、材质、尺码、使用方法是否准确；推荐是否贴合需求、理由是否清楚。",
                3,
                [
                    (
                        "优秀",
                        "不翻资料就能准确说明规格、材质、尺码和使用方法；结合需求推荐合适的款式，讲清卖点和理由。",
                        4,
                    ),
                    ("良好", "产品信息准确，偶尔需要查资料；推荐基本贴合需求。", 3),
                    ("合格", "主要信息正确但不够完整，推荐理由笼统（如“这款卖得好”）。", 2),
                    ("不合格", "产品信息有错误（如尺码、材质说错），或给不出推荐。", 0),
                ],
            ),
            (
                "主动销售与催付",
                "关联推荐、活动告知，以及下单未付款时的催付。",
                2,
                [
                    (
                        "优秀",
                        "自然地做关联推荐，准确告知店铺活动与优惠（满减、赠品）；"
                        "买家下单未付款时礼貌催付，并给出付款理由（如今天付款今天发货）。",
                        4,
                    ),
                    ("良好", "有关联推荐或活动告知；催付及时，但话术略显生硬。", 3),
                    ("合格", "买家问到才介绍活动；催付不及时，或只发一句“亲，记得付款哦”。", 2),
                    ("不合格", "没有任何关联推荐和活动告知；不催付，或催付语气强硬引起买家反感。", 0),
                ],
            ),
            (
                "用语规范与礼仪",
                "礼貌用语、语气、错别字、开场白与结束语。",
                1,
                [
                    (
                        "优秀",
                        "全程使用规范礼貌用语，语气亲切，没有错别字；结束时使用标准结束语并欢迎买家再次光临。",
                        4,
                    ),
                    ("良好", "用语礼貌规范，偶有一两个错别字或口语化表达。", 3),
                    ("合格", "基本礼貌，但多处口语化、有错别字或生硬回复（如“不知道”“没有”）。", 2),
                    (
                        "不合格",
                        "出现不礼貌、不耐烦或违反平台规则的用语（如引导站外交易、使用“最好”“第一”等绝对化用语）。",
                        0,
                    ),
                ],
            ),
        ],
    },
    {
        "code": "aftersale-case",
        "title": "处理售后问题（退换货 / 物流延误 / 质量投诉）",
        "description": (
            "培训师扮演买家，任选一个售后情景：申请退换货、物流延误或商品质量投诉。"
            "学员完成从安抚、核实、按规则给出方案到系统记录的完整处理。"
        ),
        "pass_mark": 70,
        # Day 6 morning: role play of common questions (logistics delays, quality problems).
        "topic": "情景对话：常见问题角色扮演",
        "criteria": [
            (
                "安抚买家情绪",
                "先处理心情，再处理事情。",
                2,
                [
                    ("优秀", "先表达理解和歉意再处理问题，语气真诚；买家情绪激动时不争辩、不推诿，情绪明显缓和。", 4),
                    ("良好", "能及时致歉和安抚，但话术略显模板化。", 3),
                    ("合格", "有致歉，但急于讲规则或解释原因，买家情绪没有明显缓和。", 2),
                    ("不合格", "没有安抚，与买家争辩、推卸责任或语气冷淡。", 0),
                ],
            ),
            (
                "问题识别与事实核实",
                "订单、商品、物流信息与凭证的核实；问题类型与责任方的判断。",
                2,
                [
                    (
                        "优秀",
                        "核对订单号、商品和物流信息，请买家提供照片或视频等凭证，准确判断问题类型和责任方。",
                        4,
                    ),
                    ("良好", "核实了主要事实，个别信息（如签收时间、包装情况）没有问到。", 3),
                    ("合格", "主要凭买家描述判断，核实不完整，但问题类型判断正确。", 2),
                    ("不合格", "没有核实事实，或把问题类型判断错（如把质量问题当作七天无理由退货处理）。", 0),
                ],
            ),
            (
                "规则运用准确",
                "七天无理由退换货、质量问题退换货、运费承担、物流理赔等规则。",
                3,
                [
                    ("优秀", "准确运用七天无理由、质量问题退换货、运费承担和物流理赔等规则，并向买家解释清楚。", 4),
                    ("良好", "规则运用正确，但解释不够清楚或需要查阅资料。", 3),
                    ("合格", "规则大体正确，运费承担或处理时限等细节有小错误。", 2),
                    ("不合格", "规则运用错误，或作出违反平台、店铺规定的承诺。", 0),
                ],
            ),
            (
                "解决方案与跟进",
                "方案是否明确可行；是否说明时限并约定跟进。",
                3,
                [
                    (
                        "优秀",
                        "给出明确可行的方案（退货、换货、补发、部分退款或催件）并说明处理时限；"
                        "主动约定跟进时间，告知买家后续步骤。",
                        4,
                    ),
                    ("良好", "方案合理可行，但跟进安排不够具体。", 3),
                    ("合格", "给出了方案，但要买家多次追问才说清楚，也没有约定跟进。", 2),
                    ("不合格", "没有可行方案，或让买家自行处理、直接结束对话。", 0),
                ],
            ),
            (
                "系统记录",
                "订单备注与售后工单。",
                1,
                [
                    ("完整", "在订单备注和售后工单中记下问题、凭证、方案和跟进时间，内容准确，同事能直接接手。", 2),
                    ("部分", "有记录，但缺少方案或跟进时间等关键信息。", 1),
                    ("未记录", "没有在系统中留下任何记录。", 0),
                ],
            ),
        ],
    },
    {
        "code": "tool-operation",
        "title": "工具操作（快捷回复、订单处理）",
        "description": (
            "在千牛工作台（或练习环境）中按培训师给出的任务清单实际操作：设置快捷回复、查询和修改订单、"
            "处理退款退货工单。培训师计时并逐项核对结果。"
        ),
        "pass_mark": 70,
        # The first trial-post day, so a trainee who fails has the rest of the trial post to practise
        # and be scored again before go-live.
        "topic": "试岗",
        "criteria": [
            (
                "快捷回复设置与分类",
                "按问题类型设置、编辑、分类快捷回复，并在接待中调用。",
                2,
                [
                    (
                        "优秀",
                        "按问题类型（售前、物流、售后等）建好分组，话术规范并设置了快捷编码；接待中能迅速调出恰当的回复。",
                        4,
                    ),
                    ("良好", "分组合理、话术规范，调用时偶尔要翻找。", 3),
                    ("合格", "建了快捷回复，但分组混乱或话术需要修改，调用较慢。", 2),
                    ("不合格", "不会设置或编辑快捷回复。", 0),
                ],
            ),
            (
                "订单查询、修改地址与备注",
                "按订单号、昵称或手机号查单；修改收货地址；添加订单备注。",
                3,
                [
                    (
                        "优秀",
                        "按订单号、买家昵称或手机号都能快速找到订单；正确修改收货地址并与买家核对确认；"
                        "备注规范（日期、事项、经办人）。",
                        4,
                    ),
                    ("良好", "操作正确，个别步骤需要提示，或备注格式不够规范。", 3),
                    ("合格", "能完成查询和修改，但速度慢，或忘记与买家核对。", 2),
                    ("不合格", "改错地址、改错订单或漏写备注。", 0),
                ],
            ),
            (
                "退款 / 退货工单处理",
                "仅退款、退货退款、换货的区分；原因、金额、凭证的填写；处理时限。",
                3,
                [
                    (
                        "优秀",
                        "正确区分仅退款、退货退款和换货，按规则填写原因、金额和凭证，在时限内处理工单并同步告知买家。",
                        4,
                    ),
                    ("良好", "工单处理正确，个别字段需要提示。", 3),
                    ("合格", "能完成工单，但选错原因类型或漏传凭证，经提醒后改正。", 2),
                    ("不合格", "退款金额或类型错误，或误点同意 / 拒绝退款。", 0),
                ],
            ),
            (
                "操作速度与准确率",
                "整张任务清单的用时与差错。",
                2,
                [
                    ("熟练", "在规定时间内完成全部任务，没有差错。", 3),
                    ("基本熟练", "超时不超过 5 分钟，或有 1 处差错且已自行更正。", 2),
                    ("不熟练", "超时 5 分钟以上，或有 2 处及以上差错。", 0),
                ],
            ),
        ],
    },
]


def install(apps: Any) -> None:
    """Idempotent by rubric code. The plan item is looked up by the new-hire plan's code and the
    item's topic (earliest day first); if the plan or the item is missing the rubric hangs on none."""
    Rubric = apps.get_model("assessments", "Rubric")  # noqa: N806
    Criterion = apps.get_model("assessments", "Criterion")  # noqa: N806
    Level = apps.get_model("assessments", "Level")  # noqa: N806
    PlanItem = apps.get_model("training", "PlanItem")  # noqa: N806
    for spec in RUBRICS:
        if Rubric.objects.filter(code=spec["code"]).exists():
            continue
        item = None
        if spec["topic"]:
            item = (
                PlanItem.objects.filter(template__code=PLAN, topic=spec["topic"])
                .order_by("day_number", "order", "id")
                .first()
            )
        rubric = Rubric.objects.create(
            code=spec["code"],
            title=spec["title"],
            description=spec["description"],
            pass_mark=spec["pass_mark"],
            item=item,
        )
        for c_order, (title, description, weight, levels) in enumerate(spec["criteria"]):
            criterion = Criterion.objects.create(
                rubric=rubric, title=title, description=description, weight=weight, order=c_order
            )
            Level.objects.bulk_create(
                Level(criterion=criterion, label=label, descriptor=descriptor, points=points, order=l_order)
                for l_order, (label, descriptor, points) in enumerate(levels)
            )
