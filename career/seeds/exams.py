"""Real exams on the exam days of the veteran refresher and the promotion plan, drawing from the starter bank
(``assessments.seeds.questions``) and the questions of this package. None is a pass exam (gate): these are
recertifications of people already working, not the way to the trial post."""

from __future__ import annotations

from typing import Any

from assessments.seeds import exams as exam_seeds

EXAMS: list[dict[str, Any]] = [
    {
        "code": "refresher-review-quiz",
        "plan": "veteran-refresher-10",
        "topic": "产品回顾测验",
        "title": "回炉小测：产品与规则回顾",
        "description": "产品知识、平台规则与退换货小测。80 分及格，可考 3 次。",
        "time_limit_minutes": 20,
        "max_attempts": 3,
        "pass_mark": 80,
        "result_policy": "answers",
        "rules": [("product", "single", 5, 10), ("platform-rules", "single", 3, 10), ("returns", "single", 2, 10)],
    },
    {
        "code": "refresher-exam",
        "plan": "veteran-refresher-10",
        "topic": "复训考核",
        "title": "复训考核：规则、商品与进阶服务",
        "description": "平台规则、退换货、商品知识、话术与进阶服务（投诉、挽回、主动销售）。80 分及格，共 2 次机会。",
        "time_limit_minutes": 45,
        "max_attempts": 2,
        "pass_mark": 80,
        "result_policy": "answers_when_final",
        "rules": [
            ("platform-rules", "single", 5, 4),
            ("returns", "single", 4, 4),
            ("product", "single", 3, 4),
            ("service-advanced", "single", 6, 4),
            ("service-advanced", "multiple", 2, 5),
            ("scripts", "true_false", 4, 2),
            ("service-advanced", "short", 1, 10),
        ],
    },
    {
        "code": "promotion-exam",
        "plan": "promotion-8",
        "topic": "管理方案汇报",
        "title": "晋升考核：团队管理与数据",
        "description": "客服数据指标、排班、质检、带教与团队激励。75 分及格，共 2 次机会；管理方案汇报另行评定。",
        "time_limit_minutes": 60,
        "max_attempts": 2,
        "pass_mark": 75,
        "result_policy": "answers_when_final",
        "rules": [
            ("management", "single", 8, 5),
            ("management", "multiple", 3, 6),
            ("management", "true_false", 4, 3),
            ("management", "short", 2, 15),
        ],
    },
]


def install(apps: Any) -> None:
    """Idempotent by exam code. Needs the question categories and the standard plans."""
    exam_seeds.install(apps, EXAMS)
