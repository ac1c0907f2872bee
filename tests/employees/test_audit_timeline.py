"""The audit trail: who changed what, before → after, for attendance, shadowing logs, practical scores,
sign-offs, tier, mentor, cohort dates and grades; the employee page shows it as one timeline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from assessments.exams import grade_answer, save_answer, start_attempt, submit_attempt
from assessments.gates import sign_off
from assessments.models import SignOffRole
from assessments.practicals import score_practical
from employees.audit import timeline
from employees.models import Employee, Status
from employees.services import assign_mentors
from tests.assessments.exam_fixtures import EXAM_DAY, at, correct_response, make_bank, make_exam, typing_result
from tests.assessments.practical_fixtures import make_rubric, pick
from tests.factories import EmployeeFactory
from training.models import Attendance, PlanItem
from training.services import CheckOff, record_check_offs, save_shadowing_log, start_due_trainings

# The employee page: session, user, roles; the employee; one query a timeline source; the bell; enrollments,
# extensions; the blocks other apps add. Fixed whatever the number of rows.
EMPLOYEE_PAGE_QUERIES = 35


def lines(employee: Employee, language: str = "en") -> list[str]:
    """The timeline as "who · subject: field: before → after" strings, newest first."""
    with translation.override(language):
        return [
            f"{e.who} · {e.subject}: " + "; ".join(f"{c.field}: {c.before} → {c.after}" for c in e.changes)
            for e in timeline(employee)
        ]


def first_item(world) -> PlanItem:
    return PlanItem.objects.filter(template_id=world.enrollment.plan_id, day_number=1).order_by("pk").first()


def test_a_roll_call_and_its_correction_are_recorded_with_the_recorder_and_before_after(world):
    item = first_item(world)
    check = {"enrollment_id": world.enrollment.pk, "item_id": item.pk, "completed": False}
    record_check_offs(check_offs=[CheckOff(attendance=Attendance.PRESENT, **check)], by=world.trainer)
    record_check_offs(check_offs=[CheckOff(attendance=Attendance.ABSENT, **check)], by=world.other_trainer)
    attendance = [line for line in lines(world.trainee) if "Attendance" in line]
    assert attendance == [
        f"陈晨 · Attendance · day 1 · {item.topic}: attendance: Present → Absent",
        f"李雪 · Attendance · day 1 · {item.topic}: attendance: — → Present",
    ]


def test_a_mentor_change_is_recorded_with_the_names_of_both_mentors(world):
    other = EmployeeFactory(name="赵师傅", status=Status.LIVE)
    assign_mentors(assignments={world.trainee: other}, by=world.hr)
    expected = f"周敏 · employee: mentor: 王师傅（{world.mentor.employee_no}） → 赵师傅（{other.employee_no}）"
    assert expected in lines(world.trainee)


def test_a_tier_changed_in_the_admin_is_recorded_with_the_admin_user(client, world):
    client.force_login(world.hr)
    url = f"/admin/employees/employee/{world.trainee.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(
        {
            "tier": "veteran",
            "hire_date": "",
            "mentor": world.mentor.pk,
            "user": world.trainee.user_id,
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        }
    )
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "周敏 · employee: tier: New hire → Veteran" in lines(world.trainee)


def test_a_shadowing_log_rewritten_shows_the_old_and_new_score_by_the_mentor(world):
    for score in (3, 4):
        save_shadowing_log(
            enrollment=world.enrollment, day_number=5, mentor=world.mentor, chats_observed=20, notes="", score=score
        )
    logs = [line for line in lines(world.trainee) if "Shadowing" in line]
    assert logs == [
        "王师傅 · Shadowing log · day 5: score (1–5): 3 → 4",
        "王师傅 · Shadowing log · day 5: chats observed: — → 20; score (1–5): — → 3",
    ]


def test_practical_scores_are_recorded_per_criterion_with_the_assessor(world):
    rubric = make_rubric("audit-r", [(1, [5, 3]), (1, [5, 3])])
    levels = pick(rubric, 5, 3)
    score_practical(rubric=rubric, employee=world.trainee, assessor=world.trainer, levels_by_criterion=levels)
    practical = [line for line in lines(world.trainee) if "Practical" in line]
    assert "李雪 · Practical · audit-r: percent: — → 80; passed: — → yes" in practical
    assert "李雪 · Practical · audit-r · 标准2: level: — → 3分 (3)" in practical


def test_sign_offs_are_recorded_with_the_signer(world):
    from assessments.models import Exam

    Exam.objects.filter(item__template_id=world.enrollment.plan_id).update(is_gate=False)
    typing_result(world.trainee)
    sign_off(enrollment=world.enrollment, role=SignOffRole.MENTOR, by=world.mentor.user, recommendation="同意")
    assert "王师傅 · Go-live sign-off · Mentor: by: — → 王师傅; recommendation: — → 同意" in lines(world.trainee)


def test_moving_a_cohorts_start_on_the_page_is_recorded_with_the_hr_user(client, world):
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/move/", {"start_date": "2026-11-23"})
    assert response.status_code == 302
    with translation.override("en"):
        expected = "周敏 · Cohort · 十一月新人批: start date: Nov. 16, 2026 → Nov. 23, 2026"
    assert expected in lines(world.trainee)


def test_a_grade_and_a_regrade_show_old_and_new_scores_with_the_graders_name(world):
    exam = make_exam(make_bank(), code="audit-exam")
    with at(EXAM_DAY):
        attempt = start_attempt(exam=exam, employee=world.trainee)
        for a in attempt.answers.all():
            save_answer(attempt=attempt, order=a.order, raw=correct_response(a))
        submit_attempt(attempt=attempt)
        short = attempt.answers.get(type="short")
        grade_answer(answer=short, score=Decimal("8"), comment="", by=world.trainer)
        grade_answer(answer=short, score=Decimal("6"), comment="要点缺一", by=world.hr, reason="复核")
    grades = [line for line in lines(world.trainee) if "Grade" in line]
    title = f"Grade · 测试考试 · question {short.order}"
    assert grades == [
        f"周敏 · {title}: grader's score: 8 → 6; grader's comment: — → 要点缺一",
        f"李雪 · {title}: grader's score: — → 8",
    ]


def test_a_roster_import_records_each_new_employee_so_a_later_change_has_its_before(world):
    from training.roster.saving import _record_created

    new = EmployeeFactory(name="钱新人")
    # As the roster import makes them: inserted in bulk, so no save recorded a first version.
    Employee.history.filter(id=new.pk).delete()
    _record_created([new], world.hr)
    assign_mentors(assignments={new: world.mentor}, by=world.hr)
    assert f"周敏 · employee: mentor: — → 王师傅（{world.mentor.employee_no}）" in lines(new)
    assert new.history.count() == 2


def test_the_timeline_reads_in_chinese(world):
    other = EmployeeFactory(name="赵师傅", status=Status.LIVE)
    assign_mentors(assignments={world.trainee: other}, by=world.hr)
    expected = f"周敏 · 员工: 师傅: 王师傅（{world.mentor.employee_no}） → 赵师傅（{other.employee_no}）"
    assert expected in lines(world.trainee, "zh-hans")


# ---------------------------------------------------------------------------- the employee page


def _busy(world, n: int) -> None:
    items = list(PlanItem.objects.filter(template_id=world.enrollment.plan_id).order_by("pk")[:n])
    for attendance in (Attendance.PRESENT, Attendance.LATE):
        record_check_offs(
            check_offs=[CheckOff(world.enrollment.pk, i.pk, attendance, False) for i in items], by=world.trainer
        )
    for day in range(1, n + 1):
        save_shadowing_log(
            enrollment=world.enrollment, day_number=day, mentor=world.mentor, chats_observed=1, notes="", score=3
        )


@pytest.mark.parametrize("n", [1, 6])
def test_the_employee_page_shows_the_timeline_newest_first_in_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, n
):
    _busy(world, n)
    client.force_login(world.hr)
    # session, user, roles; the employee; the timeline, one query a source whatever its number of rows:
    # employee, status changes, attendance, shadowing logs, cohorts, training states, grades, practicals,
    # criterion scores, sign-offs and every other app's sources; the bell; the page's enrollments, their
    # extensions; the other apps' blocks on the page (one or two queries each).
    with django_assert_num_queries(EMPLOYEE_PAGE_QUERIES):
        page = client.get(f"/employees/{world.trainee.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    entries = list(page.context["timeline"])
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    html = page.content.decode()
    assert "Who changed what" in html
    assert html.count('class="border-bottom py-1 timeline-entry"') == len(entries) >= 3 * n


def test_the_employee_page_never_shows_phase_none(client, world):
    """The change to "in training" on day 1 has no phase: the page shows the plan day alone."""
    world.trainee.status = Status.PRE_ONBOARDING
    world.trainee.save(update_fields=["status"])
    start_due_trainings(on=date(2026, 11, 20), employee_ids=[world.trainee.pk])
    client.force_login(world.hr)
    zh = client.get(f"/employees/{world.trainee.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get(f"/employees/{world.trainee.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "None" not in zh  # no Python None leaks into the Chinese page
    assert "phase None" not in en and "None, day" not in en and "day None" not in en
    assert "第 1 天" in zh and "day 1" in en


def test_the_status_history_is_part_of_the_timeline_with_its_plan_position_and_the_timeline_is_paged(client, world):
    """One history on the employee page: status changes are timeline entries that say where in the plan they
    happened; a long history is shown 50 entries a page, newest first."""
    from training.views_cohorts import TIMELINE_PER_PAGE

    world.trainee.status = Status.PRE_ONBOARDING
    world.trainee.save(update_fields=["status"])
    start_due_trainings(on=date(2026, 11, 20), employee_ids=[world.trainee.pk])
    _busy(world, 1)
    for i in range(TIMELINE_PER_PAGE + 5):
        world.trainee.team = f"Team {i}"
        world.trainee.save(update_fields=["team"])
    client.force_login(world.hr)
    first = client.get(f"/employees/{world.trainee.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = first.content.decode()
    assert "Status history" not in html  # no second table of the same changes
    assert html.count('class="border-bottom py-1 timeline-entry"') == TIMELINE_PER_PAGE
    assert "→ Team 54</span>" in html and "Page 1 of 2" in html
    last = client.get(f"/employees/{world.trainee.pk}/?page=2", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "→ Team 0</span>" not in html and "→ Team 0</span>" in last
    # The oldest entries: the move to "in training" on day 1, with its plan position.
    assert "在培训中" in last or "培训中" in last
    assert "(第 1 天)" in last
    assert client.get(f"/employees/{world.trainee.pk}/?page=999").status_code == 200
