"""A small question bank and an exam on the trainee's day-9 item, for the exam tests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from assessments.models import Category, Choice, Exam, ExamRule, Question, QuestionType
from training.models import PlanItem

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The trainee's cohort starts 2026-11-16, so plan day 9 is Thursday 2026-11-26.
EXAM_DAY = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def make_bank(n_single: int = 4) -> Category:
    cat = Category.objects.create(name="测试规则", code="test-rules")
    for i in range(n_single):
        q = Question.objects.create(category=cat, type=QuestionType.SINGLE, text=f"单选题 {i}", points=2)
        Choice.objects.bulk_create(
            [Choice(question=q, text=f"选项{k}", is_correct=(k == 0), order=k) for k in range(4)]
        )
    q = Question.objects.create(category=cat, type=QuestionType.MULTIPLE, text="多选题", points=4)
    Choice.objects.bulk_create(
        [Choice(question=q, text=f"多{k}", is_correct=k in (0, 1, 2), order=k) for k in range(4)]
    )
    Question.objects.create(category=cat, type=QuestionType.TRUE_FALSE, text="判断题", true_false_answer=True)
    Question.objects.create(
        category=cat, type=QuestionType.FILL, text="填空题", accepted_answers="七天无理由\n7天无理由", points=2
    )
    Question.objects.create(
        category=cat, type=QuestionType.SHORT, text="简答题", reference_answer="先致歉，再核实，后给方案。", points=10
    )
    return cat


def make_exam(category: Category, *, code: str = "test-exam", is_gate: bool = True, **fields) -> Exam:
    item = PlanItem.objects.get(template__code="new-hire-16", topic="过关考试：业务知识")
    exam = Exam.objects.create(
        code=code, title="测试考试", item=item, is_gate=is_gate, pass_mark=60, time_limit_minutes=30, **fields
    )
    for i, (qtype, count) in enumerate([("single", 2), ("multiple", 1), ("true_false", 1), ("fill", 1), ("short", 1)]):
        ExamRule.objects.create(exam=exam, category=category, type=qtype, count=count, order=i)
    return exam


def correct_response(answer):
    snap = answer.snapshot
    if answer.type == "single":
        return snap["correct"][0]
    if answer.type == "multiple":
        return list(snap["correct"])
    if answer.type == "true_false":
        return snap["correct"]
    if answer.type == "fill":
        return snap["accepted"][0]
    return "先致歉"


TOTAL = Decimal(2 + 2 + 4 + 1 + 2 + 10)


def typing_result(employee, *, cpm: str = "72", accuracy: str = "97", passed: bool = True, when: datetime = EXAM_DAY):
    """A typing result on the first starter passage (at the go-live threshold of 60 / 95 % by default)."""
    from assessments.models import TypingPassage, TypingResult

    return TypingResult.objects.create(
        employee=employee,
        passage=TypingPassage.objects.order_by("pk").first(),
        started_at=when,
        finished_at=when,
        typed_text="您好",
        characters=100,
        correct_characters=97,
        cpm=Decimal(cpm),
        accuracy=Decimal(accuracy),
        passed=passed,
    )
