"""Excel reports other than the cohort's, built and checked against the database: the training report of a
cohort or of dates, the weekly HR report, a trainee's transcript and the employee list."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from assessments.models import Rubric, SessionRating, TypingResult
from coaching.services import decide_reward, propose_reward
from employees.models import Employee, Status
from tests.factories import EmployeeFactory
from tests.reports.report_data import (
    DAY1,
    DAY4,
    SHANGHAI,
    build,
    by,
    items_of,
    mark,
    sit,
    table,
    typed,
    workbook,
)
from training.models import ItemRecord
from training.services import change_status, enroll

pytestmark = pytest.mark.usefixtures("media_in_english")


# ---------------------------------------------------------------------------- training and weekly reports


@pytest.fixture
def scored(world):
    """Five trainees whose best business-knowledge scores are 60, 70, 80, 90, 100 (pass mark 80),
    ratings of the trainer and the mentor, and eliminations in phases 1 and 2."""
    hires = [EmployeeFactory(name=f"考生{i}", employee_no=f"S{i}", mentor=world.mentor) for i in range(5)]
    enrollments = enroll(cohort=world.cohort, employees=hires)
    for hire, best in zip(hires, [60, 70, 80, 90, 100], strict=True):
        sit(hire, "business-knowledge", 1, best - 10)
        sit(hire, "business-knowledge", 2, best)
    mark(enrollments[0], 1, "present", "absent", "leave")
    mark(enrollments[1], 1, "late", "present")
    item = items_of(enrollments[0], 1)[0]
    rate = {"leader_name": "李雪", "trainer": world.trainer, "item": item}
    SessionRating.objects.create(enrollment=enrollments[0], content=5, delivery=4, usefulness=3, **rate)
    SessionRating.objects.create(enrollment=enrollments[1], content=4, delivery=4, usefulness=4, **rate)
    shadow = items_of(enrollments[0], 4)[0]
    SessionRating.objects.create(
        enrollment=enrollments[0],
        item=shadow,
        leader_name="王师傅",
        mentor=world.mentor,
        content=2,
        delivery=3,
        usefulness=4,
    )
    with time_machine.travel(DAY1, tick=False):
        change_status(employee=hires[0], to_status=Status.ELIMINATED, reason="迟到多次", by=world.hr)
    with time_machine.travel(DAY4, tick=False):
        change_status(employee=hires[1], to_status=Status.ELIMINATED, reason="打字太慢", by=world.hr)
        change_status(employee=hires[2], to_status=Status.ELIMINATED, reason="不适应夜班", by=world.hr)
    return enrollments


def test_training_report_of_a_cohort(world, scored):
    wb = workbook(build("training", {"cohort_id": world.cohort.pk}, world.hr))
    assert wb.sheetnames == [
        "Overview",
        "Exams",
        "Score sheet",
        "Eliminations by phase",
        "Eliminations",
        "About this report",
    ]
    overview = by(table(wb["Overview"]), "Cohort", "十一月新人批")
    records = ItemRecord.objects.filter(enrollment__cohort=world.cohort).exclude(attendance="")
    attended = records.filter(attendance__in=["present", "late"]).count()
    assert overview["Attendance rate"] == pytest.approx(round(attended / records.count(), 4)) == pytest.approx(3 / 5)
    assert overview["Trainees"] == 6
    assert (overview["Eliminated"], overview["In training"]) == (3, 3)

    bk = by(table(wb["Exams"]), "Exam", "过关考试：业务知识")
    assert (bk["Sat"], bk["Number passed"], bk["Pass rate"]) == (5, 3, 0.6)
    spread = ("Lowest score", "Lower quartile", "Median", "Upper quartile", "Highest score", "Average score")
    assert [bk[figure] for figure in spread] == [60, 70, 80, 90, 100, 80]

    ratings = table(wb["Score sheet"])
    trainer = by(ratings, "Trainer / mentor", "李雪")
    assert (trainer["Leader type"], trainer["Ratings"], trainer["Trainees who rated"]) == ("Trainer", 2, 2)
    assert (trainer["Content"], trainer["Delivery"], trainer["Usefulness"], trainer["Overall"]) == (4.5, 4, 3.5, 4)
    mentor = by(ratings, "Trainer / mentor", "王师傅")
    assert (mentor["Leader type"], mentor["Overall"]) == ("Mentor", 3)

    phases = table(wb["Eliminations by phase"])
    assert [(r["Phase"], r["Number eliminated"]) for r in phases] == [(1, 1), (2, 2)]
    assert phases[1]["Share of trainees"] == pytest.approx(round(2 / 6, 4))
    assert "打字太慢" in phases[1]["Reason"] and "不适应夜班" in phases[1]["Reason"]
    assert phases[1]["Phase name"]  # the plan's name of phase 2
    detail = table(wb["Eliminations"])
    assert {r["Employee number"] for r in detail} == {"S0", "S1", "S2"}
    assert by(detail, "Employee number", "S0")["Reason"] == "迟到多次"


def test_training_report_over_dates_counts_only_what_happened_in_them(world, scored):
    # Days 1–3 only: the pass exams (day 9) and the phase-2 eliminations (day 4) fall outside.
    wb = workbook(build("training", {"since": "2026-11-16", "until": "2026-11-18"}, world.hr))
    overview = table(wb["Overview"])
    assert {r["Cohort"] for r in overview} == {"十一月新人批", "别的批次"}
    ours = by(overview, "Cohort", "十一月新人批")
    assert (ours["Sessions marked"], ours["Period"]) == (5, "2026-11-16 to 2026-11-18")
    assert table(wb["Exams"]) == []
    assert [r["Employee number"] for r in table(wb["Eliminations"])] == ["S0"]


def test_weekly_report_adds_the_weeks_status_changes(world, scored):
    with time_machine.travel(datetime(2026, 11, 24, 9, tzinfo=SHANGHAI), tick=False):  # the next week
        change_status(employee=world.trainee, to_status=Status.LEFT, reason="个人原因", by=world.hr)
    report = build("weekly", {"week_start": "2026-11-18"})  # a Wednesday: the week of Monday 16th
    assert report.params["week_start"] == "2026-11-16"
    wb = workbook(report)
    assert wb.sheetnames[-2:] == ["Status changes", "About this report"]
    changes = table(wb["Status changes"])
    assert [r["Employee number"] for r in changes] == ["S0", "S1", "S2"]
    assert (
        changes[0]["New status"] == "Eliminated" and changes[0]["Phase"] == 1 and changes[0]["Cohort"] == "十一月新人批"
    )


# ---------------------------------------------------------------------------- transcript and employee list


def test_transcript_of_one_trainee(world, rich):
    with time_machine.travel(DAY4, tick=False):
        change_status(
            employee=world.trainee, to_status=Status.TRIAL_POST, reason="提前过关", by=world.hr, override=True
        )
    reward = propose_reward(
        employee=world.trainee,
        kind="reward",
        reason="双11 接待量第一",
        points=5,
        evidence_text="接待 300 人",
        by=world.hr,
    )
    decide_reward(item=reward, approve=True, by=world.hr)
    pasted = typed(world.trainee, "90.0", "100.0", False, at=DAY4 + timedelta(days=1))
    TypingResult.objects.filter(pk=pasted.pk).update(flagged=True, flag_reason="burst", largest_burst=120)
    wb = workbook(build("transcript", {"employee_id": world.trainee.pk}, world.hr))
    assert wb.sheetnames == [
        "Trainee",
        "Cohort",
        "Training schedule",
        "Exams",
        "Practicals",
        "Typing",
        "Rewards and penalties",
        "Status history",
        "About this report",
    ]
    assert table(wb["Trainee"])[0]["Name"] == "张小花"
    assert by(table(wb["Cohort"]), "Cohort", "十一月新人批")["Attendance rate"] == pytest.approx(0.8)
    schedule = table(wb["Training schedule"])
    day1 = [r for r in schedule if r["Plan day"] == 1]
    assert len(day1) == len(items_of(world.enrollment, 1))
    assert [r["Attendance"] for r in day1[:3]] == ["Present", "Late", "Absent"]
    day4 = [r for r in schedule if r["Plan day"] == 4]
    assert day4[0]["Shadowing score"] == 4 and day4[0]["Shadowing log"] == "好" and day4[0]["Led by"] == "王师傅"
    assert len(table(wb["Exams"])) == 4
    criteria = Rubric.objects.get(code="receiving-presale").criteria.count()
    assert len(table(wb["Practicals"])) == 2 * criteria
    typing = table(wb["Typing"])
    assert [r["Characters per minute"] for r in typing] == [70, 90, 80]
    assert [r["Why flagged"] for r in typing] == [None, "a burst of text in one input (pasted through the IME)", None]
    rewards = table(wb["Rewards and penalties"])
    assert [(r["Type"], r["Points"], r["Decision"], r["Approved by"]) for r in rewards] == [
        ("Reward", 5, "Approved", "周敏")
    ]
    history = table(wb["Status history"])
    assert (
        history[-1]["New status"] == "Trial post" and history[-1]["Phase"] == 2 and history[-1]["Reason"] == "提前过关"
    )


def test_employee_list_filters_by_cohort_and_status(world, rich):
    wb = workbook(build("employees", {"cohort": world.cohort.pk, "status": ["in_training"]}))
    rows = table(wb["Employees"])
    assert [r["Employee number"] for r in rows] == [world.trainee.employee_no]  # B000 was eliminated
    assert rows[0]["Latest cohort"] == "十一月新人批"
    everyone = table(workbook(build("employees", {}))["Employees"])
    assert len(everyone) == Employee.objects.count()
    counts = table(workbook(build("employees", {}))["Counts"])
    assert counts[-1]["Total"] == Employee.objects.count()
