"""The plans the portal ships with, from the new-hire plan table (新员工培训计划表) and the
tiered-training article in the project's source documents.

Installed by a data migration; HR edits them in the admin afterwards. Content is Chinese
because it is the shops' own training material, not interface text.
"""

from __future__ import annotations

from typing import Any, TypedDict


class StandardPlan(TypedDict):
    """One plan as shipped: the template's fields, its phases and its items (``_items`` rows)."""

    code: str
    name: str
    tier: str
    position_classes: list[str]
    description: str
    phases: list[tuple[int, str, int, int, str]]
    """(number, name, first day, last day, description)"""
    items: list[dict[str, Any]]


AM = ("09:00", "12:00")
PM = ("13:30", "17:30")


def _items(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows of (day, start, end, topic, content, course form, method, leader[, extra fields])."""
    out = []
    for order, row in enumerate(rows):
        day, start, end, topic, content, course_form, method, leader, *rest = row
        extra = rest[0] if rest else {}
        out.append(
            {
                "day_number": day,
                "order": order,
                "start_time": start,
                "end_time": end,
                "topic": topic,
                "content": content,
                "course_form": course_form,
                "method": method,
                "leader": leader,
                **extra,
            }
        )
    return out


HANDBOOK = (
    "<p>请在入职前读完《新员工手册》：</p><ul><li>公司概况与企业文化（使命、愿景、价值观）</li>"
    "<li>规章制度：考勤、请假、奖惩</li><li>岗位职责与服务标准</li><li>产品知识</li>"
    "<li>客服话术：开场白、结束语、致歉用语</li></ul><p>读完后完成手册测验，测验通过方可参加第 1 天培训。</p>"
)

NEW_HIRE: StandardPlan = {
    "code": "new-hire-16",
    "name": "新员工培训计划（16 天 · 7 阶段）",
    "tier": "new_hire",
    "position_classes": [],
    "description": "新员工入职培训：入职前准备，岗前培训，两轮师傅旁看，情景对话，过关考试，试岗，正式上线。",
    "phases": [
        (0, "入职前准备", 0, 0, "阅读新员工手册并通过手册测验；加入部门群、公司群、培训群。"),
        (1, "岗前培训：破冰、技巧与基础知识", 1, 3, "破冰与行业介绍，技巧类培训，基础知识。"),
        (2, "师傅旁看（一）", 4, 5, "坐在师傅旁边，旁看一段时间的日常问题处理。"),
        (3, "情景对话", 6, 6, "常见问题角色扮演，标准话术与操作流程演练。"),
        (4, "师傅旁看（二）", 7, 8, "再次跟随师傅，旁看常见问题的处理。"),
        (5, "过关考试", 9, 9, "业务知识考试与业务系统操作考试。"),
        (6, "试岗", 10, 15, "在师傅监督下承担真实工作。"),
        (7, "正式上线", 16, 16, "独立处理工作。"),
    ],
    "items": _items(
        [
            (
                0,
                None,
                None,
                "阅读新员工手册",
                "公司概况、规章制度、岗位职责、产品知识、客服话术。",
                "basics",
                "self_study",
                "self",
                {"materials": HANDBOOK},
            ),
            (0, None, None, "手册测验", "在线完成新员工手册测验，须通过。", "basics", "exam", "self"),
            (
                0,
                None,
                None,
                "加入内部群",
                "加入部门群、公司群和培训群，确认能收到通知。",
                "mindset",
                "self_study",
                "self",
            ),
            (1, "09:00", "10:30", "破冰", "自我介绍；破冰游戏。", "mindset", "role_play", "trainer"),
            (1, "10:45", "12:00", "行业介绍", "电商行业与客服岗位介绍。", "basics", "lecture", "trainer"),
            (
                1,
                "13:30",
                "15:30",
                "企业文化与规章制度",
                "使命、愿景、价值观；考勤、请假、奖惩；职业道德与客户隐私保护。",
                "mindset",
                "lecture",
                "trainer",
            ),
            (
                1,
                "15:45",
                "17:30",
                "客服职责与服务规范",
                "客服岗位职责、服务标准与服务态度。",
                "basics",
                "lecture",
                "trainer",
            ),
            (
                2,
                "09:00",
                "10:30",
                "技巧类培训：声音与发音",
                "声音训练与发音练习。",
                "business_skills",
                "role_play",
                "trainer",
            ),
            (
                2,
                "10:45",
                "12:00",
                "技巧类培训：主动销售意识",
                "主动销售意识培养：推荐、关联销售、催付。",
                "business_skills",
                "lecture",
                "trainer",
            ),
            (
                2,
                "13:30",
                "15:00",
                "技巧类培训：商务礼仪",
                "商务礼仪与沟通技巧。",
                "business_skills",
                "lecture",
                "trainer",
            ),
            (
                2,
                "15:15",
                "17:30",
                "打字速度训练",
                "打字速度训练与测试，目标 60 字/分、准确率 95%。",
                "business_skills",
                "self_study",
                "trainer",
            ),
            (
                3,
                "09:00",
                "10:30",
                "基础知识：淘宝平台基础",
                "淘宝交易流程：下单、付款、发货、售后；店铺活动。",
                "basics",
                "lecture",
                "trainer",
            ),
            (3, "10:45", "12:00", "基础知识：退换货", "退换货规则与流程。", "basics", "lecture", "trainer"),
            (
                3,
                "13:30",
                "15:30",
                "客服软件与后台操作",
                "聊天窗口、订单处理、客户管理；后台商品发布、价格、库存、客户备注、订单确认、发货、退款。",
                "business_skills",
                "lecture",
                "trainer",
            ),
            (
                3,
                "15:45",
                "17:30",
                "话术与快捷回复",
                "开场白、结束语、致歉用语；按问题类型设置、编辑、分类快捷回复。",
                "business_skills",
                "simulation",
                "trainer",
            ),
            (
                3,
                "15:45",
                "17:30",
                "售前专项：产品推荐与询单转化",
                "产品知识与推荐话术；咨询转化率与响应速度。",
                "business_skills",
                "case_study",
                "trainer",
                {"position_classes": ["pre_sale"]},
            ),
            (
                3,
                "15:45",
                "17:30",
                "售中专项：订单跟进",
                "发货前订单跟进：改地址、催发货、备注。",
                "business_skills",
                "case_study",
                "trainer",
                {"position_classes": ["in_sale"]},
            ),
            (
                3,
                "15:45",
                "17:30",
                "售后专项：退换货、投诉与评价处理",
                "退换货、投诉与纠纷处理、评价处理。",
                "business_skills",
                "case_study",
                "trainer",
                {"position_classes": ["after_sale"]},
            ),
            (
                4,
                *AM,
                "师傅旁看",
                "坐在师傅旁边旁看日常咨询处理，记录遇到的问题。",
                "business_skills",
                "shadowing",
                "mentor",
            ),
            (4, *PM, "师傅旁看", "继续旁看；下班前与师傅复盘当天的问题。", "business_skills", "shadowing", "mentor"),
            (
                5,
                *AM,
                "师傅旁看",
                "旁看日常咨询处理，记录常见问题与标准回复。",
                "business_skills",
                "shadowing",
                "mentor",
            ),
            (5, *PM, "师傅旁看", "继续旁看；整理自己的快捷回复。", "business_skills", "shadowing", "mentor"),
            (
                6,
                *AM,
                "情景对话：常见问题角色扮演",
                "常见问题角色扮演：模拟买家咨询（物流延迟、质量问题等）。",
                "business_skills",
                "role_play",
                "trainer",
            ),
            (
                6,
                *PM,
                "情景对话：标准话术与操作流程",
                "标准话术演练与操作流程讲解；优秀案例与经典案例分析。",
                "business_skills",
                "simulation",
                "trainer",
            ),
            (7, *AM, "师傅旁看：常见问题", "跟随师傅旁看常见问题的处理。", "business_skills", "shadowing", "mentor"),
            (
                7,
                *PM,
                "师傅旁看：常见问题",
                "继续旁看；在师傅指导下尝试回复简单问题。",
                "business_skills",
                "shadowing",
                "mentor",
            ),
            (8, *AM, "师傅旁看：常见问题", "跟随师傅旁看常见问题的处理。", "business_skills", "shadowing", "mentor"),
            (8, *PM, "师傅旁看：常见问题", "继续旁看；准备过关考试。", "business_skills", "shadowing", "mentor"),
            (
                9,
                "09:00",
                "10:30",
                "过关考试：业务知识",
                "平台规则与退换货、产品知识、话术。",
                "basics",
                "exam",
                "trainer",
            ),
            (
                9,
                "13:30",
                "15:00",
                "过关考试：业务系统操作",
                "客服软件与后台操作：快捷回复、订单处理。",
                "business_skills",
                "exam",
                "trainer",
            ),
        ]
        + [
            (d, *AM, "试岗", "在师傅监督下接待真实咨询。", "business_skills", "on_the_job", "mentor")
            for d in range(10, 16)
        ]
        + [(16, *AM, "正式上线", "独立处理咨询与售后工作。", "business_skills", "on_the_job", "self")]
    ),
}

VETERAN: StandardPlan = {
    "code": "veteran-refresher-10",
    "name": "老员工回炉与提升（10 天）",
    "tier": "veteran",
    "position_classes": [],
    "description": "面向在岗一年以上的老员工：产品回顾、话术提升、主动销售与新品跟进。",
    "phases": [
        (1, "产品与策略回顾", 1, 3, "补上知识更新与店铺策略变化。"),
        (2, "沟通技巧与话术", 4, 5, "沟通技巧与术语、投诉处理。"),
        (3, "主动销售与买家心理", 6, 7, "结合当季买家心理调整主动销售。"),
        (4, "新品上线跟进", 8, 9, "新品上线后的跟进工作。"),
        (5, "复训考核", 10, 10, "考核与总结。"),
    ],
    "items": _items(
        [
            (
                1,
                *AM,
                "新品与产品知识更新",
                "本季新品、卖点与常见问题。",
                "basics",
                "lecture",
                "trainer",
                {"programme": "growth"},
            ),
            (
                1,
                *PM,
                "店铺策略变化",
                "本季店铺活动、价格与赠品策略。",
                "basics",
                "lecture",
                "trainer",
                {"programme": "growth"},
            ),
            (
                2,
                *AM,
                "平台规则更新",
                "平台规则与退换货规则的变化。",
                "basics",
                "lecture",
                "trainer",
                {"programme": "growth"},
            ),
            (2, *PM, "产品回顾测验", "产品知识与规则小测。", "basics", "exam", "trainer", {"programme": "growth"}),
            (
                3,
                *AM,
                "案例复盘",
                "近期差评与投诉案例复盘。",
                "business_skills",
                "case_study",
                "trainer",
                {"programme": "growth"},
            ),
            (
                3,
                *PM,
                "快捷回复整理",
                "按新规则与新品更新快捷回复。",
                "business_skills",
                "self_study",
                "self",
                {"programme": "growth"},
            ),
            (
                4,
                *AM,
                "沟通技巧与术语",
                "规范用语、安抚与致歉话术。",
                "business_skills",
                "role_play",
                "trainer",
                {"programme": "advanced"},
            ),
            (
                4,
                *PM,
                "投诉与纠纷处理",
                "投诉升级、纠纷处理流程。",
                "business_skills",
                "simulation",
                "trainer",
                {"programme": "advanced"},
            ),
            (
                5,
                *AM,
                "情景演练",
                "难缠买家情景模拟。",
                "business_skills",
                "simulation",
                "trainer",
                {"programme": "advanced"},
            ),
            (5, *PM, "服务心态", "服务态度与情绪管理。", "mindset", "lecture", "trainer", {"programme": "advanced"}),
            (
                6,
                *AM,
                "当季买家心理",
                "当季买家心理与需求变化。",
                "business_skills",
                "lecture",
                "trainer",
                {"programme": "advanced"},
            ),
            (
                6,
                *PM,
                "主动销售话术",
                "推荐、关联销售与催付话术。",
                "business_skills",
                "role_play",
                "trainer",
                {"programme": "advanced", "position_classes": ["pre_sale", "in_sale"]},
            ),
            (
                6,
                *PM,
                "售后挽回话术",
                "退款挽回与评价修复话术。",
                "business_skills",
                "role_play",
                "trainer",
                {"programme": "advanced", "position_classes": ["after_sale"]},
            ),
            (
                7,
                *AM,
                "询单转化案例",
                "高转化与流失案例分析。",
                "business_skills",
                "case_study",
                "trainer",
                {"programme": "advanced"},
            ),
            (
                7,
                *PM,
                "转化率复盘",
                "个人咨询转化率与响应时间复盘。",
                "business_skills",
                "case_study",
                "self",
                {"programme": "advanced"},
            ),
            (
                8,
                *AM,
                "新品上线跟进",
                "新品上线后的咨询、评价与问题收集。",
                "business_skills",
                "on_the_job",
                "trainer",
                {"programme": "advanced"},
            ),
            (
                8,
                *PM,
                "新品问题汇总",
                "汇总新品常见问题并更新话术。",
                "business_skills",
                "case_study",
                "self",
                {"programme": "advanced"},
            ),
            (
                9,
                *AM,
                "新品上线跟进",
                "跟进新品评价与售后。",
                "business_skills",
                "on_the_job",
                "trainer",
                {"programme": "advanced"},
            ),
            (9, *PM, "经验分享", "组内分享跟进经验。", "mindset", "case_study", "trainer", {"programme": "advanced"}),
            (10, *AM, "复训考核", "产品、规则与话术考核。", "basics", "exam", "trainer", {"programme": "advanced"}),
            (
                10,
                *PM,
                "总结与改进计划",
                "个人改进计划与跟踪辅导安排。",
                "mindset",
                "lecture",
                "trainer",
                {"programme": "advanced"},
            ),
        ]
    ),
}

PROMOTION: StandardPlan = {
    "code": "promotion-8",
    "name": "储备干部晋升培训（8 天）",
    "tier": "promotion",
    "position_classes": [],
    "description": "储备干部：带领团队、转变思维、应对挑战；激励成员、分析数据变化、合理排班。",
    "phases": [
        (1, "角色转变", 1, 2, "从骨干到管理者：转变固有思维，应对挑战。"),
        (2, "带领团队", 3, 4, "激励团队成员，辅导与沟通。"),
        (3, "数据分析", 5, 6, "分析咨询转化率、响应时间、客单价等数据变化。"),
        (4, "排班与现场管理", 7, 7, "合理排班与大促现场管理。"),
        (5, "述职与评估", 8, 8, "管理方案汇报与评估。"),
    ],
    "items": _items(
        [
            (
                1,
                *AM,
                "从骨干到管理者",
                "管理者的角色与职责；转变固有思维。",
                "management",
                "lecture",
                "trainer",
                {"programme": "elite"},
            ),
            (
                1,
                *PM,
                "应对挑战",
                "团队管理中的典型挑战与应对。",
                "management",
                "case_study",
                "trainer",
                {"programme": "elite"},
            ),
            (
                2,
                *AM,
                "管理者心态",
                "目标感、责任感与情绪管理。",
                "mindset",
                "lecture",
                "trainer",
                {"programme": "elite"},
            ),
            (
                2,
                *PM,
                "跟随主管",
                "跟随现任主管一天，观察管理工作。",
                "management",
                "shadowing",
                "mentor",
                {"programme": "elite"},
            ),
            (
                3,
                *AM,
                "激励团队成员",
                "激励方法、认可与反馈。",
                "management",
                "lecture",
                "trainer",
                {"programme": "elite"},
            ),
            (
                3,
                *PM,
                "一对一辅导",
                "新人辅导与绩效面谈演练。",
                "management",
                "role_play",
                "trainer",
                {"programme": "elite"},
            ),
            (4, *AM, "团队沟通", "晨会、复盘会的组织。", "management", "simulation", "trainer", {"programme": "elite"}),
            (
                4,
                *PM,
                "冲突处理",
                "团队冲突与客诉升级处理。",
                "management",
                "case_study",
                "trainer",
                {"programme": "elite"},
            ),
            (
                5,
                *AM,
                "客服数据指标",
                "咨询转化率、响应时间、客单价、退款率。",
                "management",
                "lecture",
                "trainer",
                {"programme": "elite"},
            ),
            (
                5,
                *PM,
                "数据变化分析",
                "从数据变化找原因、定措施。",
                "management",
                "case_study",
                "trainer",
                {"programme": "elite"},
            ),
            (6, *AM, "数据报表实操", "制作团队周报。", "management", "on_the_job", "self", {"programme": "elite"}),
            (
                6,
                *PM,
                "数据复盘会",
                "用数据主持一次复盘会。",
                "management",
                "simulation",
                "trainer",
                {"programme": "elite"},
            ),
            (
                7,
                *AM,
                "合理排班",
                "按咨询量曲线排班；大促排班。",
                "management",
                "lecture",
                "trainer",
                {"programme": "elite"},
            ),
            (7, *PM, "排班实操", "为本组排下月班表。", "management", "on_the_job", "self", {"programme": "elite"}),
            (
                8,
                *AM,
                "管理方案汇报",
                "汇报带队、数据与排班方案。",
                "management",
                "exam",
                "trainer",
                {"programme": "elite"},
            ),
            (
                8,
                *PM,
                "评估与发展计划",
                "评估结果与个人发展计划。",
                "management",
                "lecture",
                "trainer",
                {"programme": "elite"},
            ),
        ]
    ),
}

STANDARD_PLANS: list[StandardPlan] = [NEW_HIRE, VETERAN, PROMOTION]


def install_standard_plans(PlanTemplate: Any, Phase: Any, PlanItem: Any) -> int:  # noqa: N803
    """Create the standard plans that are missing (matched by code). Takes the model classes
    so a migration can pass its historical models. Returns how many were created."""
    created = 0
    for plan in STANDARD_PLANS:
        if PlanTemplate.objects.filter(code=plan["code"]).exists():
            continue
        template = PlanTemplate.objects.create(
            code=plan["code"],
            name=plan["name"],
            tier=plan["tier"],
            position_classes=plan["position_classes"],
            description=plan["description"],
        )
        Phase.objects.bulk_create(
            Phase(template=template, number=n, name=name, first_day=first, last_day=last, description=desc)
            for n, name, first, last, desc in plan["phases"]
        )
        PlanItem.objects.bulk_create(PlanItem(template=template, **item) for item in plan["items"])
        created += 1
    return created
