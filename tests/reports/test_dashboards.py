"""The HR and trainer dashboards: figures against hand-built data, scope, pinned query counts.

The world's cohorts start on Monday 2026-11-16; time is frozen on Wednesday 2026-11-25 (plan day 8)
unless a test says otherwise.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Answer, Attempt, AttemptStatus, Exam, SessionRating
from employees.models import Employee, Status
from reports.dashboards import hr_dashboard, percentile, quartiles, trainer_dashboard
from tests.factories import CohortFactory, EmployeeFactory, UserFactory
from training.models import Attendance, Enrollment, Leader, PlanItem
from training.services import CheckOff, change_status, enroll, record_check_offs

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)  # plan day 8 of the world's cohorts
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def hires(world, n: int, cohort=None) -> list[Enrollment]:
    """n new trainees in the world's cohort (or another)."""
    return enroll(cohort=cohort or world.cohort, employees=[EmployeeFactory() for _ in range(n)])


def items_of(enrollment: Enrollment, day: int) -> list[PlanItem]:
    return [
        i
        for i in PlanItem.objects.filter(template_id=enrollment.plan_id, day_number=day).order_by("order", "id")
        if i.applies_to(enrollment.employee.position_class)
    ]


def mark(enrollment: Enrollment, day: int, attendance: str, by, *, count: int = 1) -> None:
    record_check_offs(
        check_offs=[CheckOff(enrollment.pk, i.pk, attendance, True) for i in items_of(enrollment, day)[:count]],
        by=by,
    )


def make_exam(code: str = "dash-exam", *, title: str = "业务知识测验", pass_mark: int = 60, max_attempts: int = 3):
    return Exam.objects.create(code=code, title=title, pass_mark=pass_mark, max_attempts=max_attempts)


def sit(exam: Exam, employee: Employee, result: str | None, *, number: int = 1, **fields) -> Attempt:
    """A closed attempt with a final percentage (None: short answers still to grade)."""
    started = NOON - timedelta(days=2, hours=number)
    final = Decimal(result) if result is not None else None
    defaults = {
        "status": AttemptStatus.SUBMITTED,
        "submitted_at": started + timedelta(minutes=20),
        "max_score": Decimal("100"),
        "percent": final if final is not None else Decimal("40"),
        "score": final if final is not None else Decimal("40"),
        "passed": final >= exam.pass_mark if final is not None else None,
        "pending_grading": 0 if final is not None else 1,
    }
    defaults.update(fields)
    return Attempt.objects.create(
        exam=exam,
        employee=employee,
        number=number,
        started_at=started,
        deadline=started + timedelta(minutes=30),
        **defaults,
    )


# ---------------------------------------------------------------------------- quartiles


def test_quartiles_interpolate_between_ranks_like_percentile_cont():
    assert quartiles([Decimal(v) for v in (4, 1, 3, 2)]) == tuple(
        Decimal(v) for v in ("1.0", "1.8", "2.5", "3.3", "4.0")
    )  # 1.75 and 3.25, rounded half up
    assert quartiles([Decimal("72.5")]) == (Decimal("72.5"),) * 5
    assert percentile([Decimal(10), Decimal(20)], Decimal("0.25")) == Decimal("12.5")


@pytest.mark.django_db
def test_python_quartiles_match_postgresql_percentile_cont():
    """The quartiles are computed in Python; on PostgreSQL they must agree with percentile_cont."""
    if connection.vendor != "postgresql":
        pytest.skip("percentile_cont is PostgreSQL's")
    values = [Decimal(v) for v in ("49", "83.5", "88", "93", "93.5", "99", "61.5", "77")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(ARRAY[0, 0.25, 0.5, 0.75, 1]) WITHIN GROUP (ORDER BY v) "
            "FROM unnest(%s::numeric[]) AS v",
            [values],
        )
        (expected,) = cursor.fetchone()
    assert quartiles(values) == tuple(Decimal(str(v)).quantize(Decimal("0.1")) for v in expected)


# ---------------------------------------------------------------------------- HR figures


def test_attendance_rate_is_present_and_late_over_recorded_marks(world, frozen):
    trainees = hires(world, 5)
    mark(trainees[0], 1, Attendance.PRESENT, world.trainer, count=2)
    mark(trainees[1], 1, Attendance.PRESENT, world.trainer)
    mark(trainees[2], 1, Attendance.LATE, world.trainer)
    mark(trainees[3], 1, Attendance.ABSENT, world.trainer)
    mark(trainees[4], 1, Attendance.LEAVE, world.trainer)
    # Completion without an attendance mark is not a roll-call mark.
    record_check_offs(
        check_offs=[CheckOff(world.enrollment.pk, items_of(world.enrollment, 2)[0].pk, "", True)], by=world.hr
    )
    # Another cohort's marks stay with that cohort.
    mark(Enrollment.objects.get(employee=world.outsider), 1, Attendance.ABSENT, world.other_trainer, count=2)

    rows = {a.cohort.pk: a for a in hr_dashboard(TODAY).attendance}

    mine = rows[world.cohort.pk]
    assert (mine.present, mine.late, mine.absent, mine.leave, mine.recorded) == (3, 1, 1, 1, 6)
    assert mine.rate == Decimal("66.7")  # (3 + 1) / 6
    assert rows[world.other_cohort.pk].rate == Decimal("0.0")


def test_pass_rate_counts_trainees_who_sat_with_a_final_result(world, frozen):
    exam = make_exam()
    a, b, c, d, e = (t.employee for t in hires(world, 5))
    sit(exam, a, "45", number=1)
    sit(exam, a, "85", number=2)  # passed at the second attempt: one trainee, passed
    sit(exam, b, "40", number=1)  # sat, failed
    sit(exam, b, "55", number=2)
    sit(exam, c, None)  # short answers waiting: not sat yet, awaiting grading
    sit(exam, d, "95", is_practice=True)  # practice never counts
    sit(exam, e, "0", status=AttemptStatus.OPEN, passed=None, submitted_at=None)  # still writing
    # Someone outside the cohorts in view: a cohort that ended months ago.
    old = CohortFactory(start_date=date(2026, 3, 2))
    (gone,) = hires(world, 1, cohort=old)
    sit(exam, gone.employee, "100")

    (row,) = hr_dashboard(TODAY).exams

    assert (row.title, row.sat, row.passed, row.awaiting) == ("业务知识测验", 2, 1, 1)
    assert row.pass_rate == Decimal("50.0")


def test_score_spread_uses_each_trainees_best_final_percentage(world, frozen):
    exam = make_exam()
    trainees = [t.employee for t in hires(world, 6)]
    for employee, best in zip(trainees, ["50", "60", "70", "80", "90", "100"], strict=True):
        sit(exam, employee, best)
    sit(exam, trainees[1], "30", number=2)  # a worse later attempt does not lower the best
    sit(exam, trainees[0], None, number=3, percent=Decimal("99"))  # not final: ignored

    (row,) = hr_dashboard(TODAY).exams

    # Six best scores 50…100: Q1 at rank 1.25 → 62.5, median 75, Q3 at rank 3.75 → 87.5.
    assert row.spread == tuple(Decimal(v) for v in ("50.0", "62.5", "75.0", "87.5", "100.0"))
    chart = hr_dashboard(TODAY).chart_data()["spread"]
    assert chart == {
        "labels": ["业务知识测验"],
        "values": [[50.0, 62.5, 75.0, 87.5, 100.0]],
        "pass_marks": [60],
    }


def test_funnel_counts_eliminations_and_departures_by_phase(world):
    a, b, c, d, e = (t.employee for t in hires(world, 5))
    # Status changes record the phase the person stood in on the day.
    moments = [
        (date(2026, 11, 10), a, Status.ELIMINATED),  # before the plan started
        (date(2026, 11, 17), b, Status.ELIMINATED),  # day 2, phase 1
        (date(2026, 11, 19), c, Status.ELIMINATED),  # day 4, phase 2
        (date(2026, 11, 20), d, Status.ELIMINATED),  # day 5, phase 2
        (date(2026, 11, 26), e, Status.LEFT),  # day 9, phase 5
    ]
    for day, employee, status in moments:
        with time_machine.travel(datetime.combine(day, datetime.min.time(), SHANGHAI) + timedelta(hours=10)):
            change_status(employee=employee, to_status=status, reason="测试", by=world.hr)
    # Not counted: an elimination in a cohort that ended long ago.
    old = CohortFactory(start_date=date(2026, 3, 2))
    (gone,) = hires(world, 1, cohort=old)
    change_status(employee=gone.employee, to_status=Status.ELIMINATED, reason="测试", by=world.hr)

    with time_machine.travel(NOON, tick=False):
        dash = hr_dashboard(TODAY)

    steps = {s.phase_number: (s.eliminated, s.left) for s in dash.funnel}
    assert steps == {
        None: (1, 0),
        0: (0, 0),
        1: (1, 0),
        2: (2, 0),
        3: (0, 0),
        4: (0, 0),
        5: (0, 1),
        6: (0, 0),
        7: (0, 0),
    }
    assert [s.phase_number for s in dash.funnel] == [None, 0, 1, 2, 3, 4, 5, 6, 7]
    assert dash.funnel[3].phase_names == ["师傅旁看（一）"]
    counts = {s.status: s.count for s in dash.statuses}
    # The world's trainee and outsider, plus the five hires; not the old cohort's.
    assert counts == {
        Status.PRE_ONBOARDING: 0,
        Status.IN_TRAINING: 2,
        Status.TRIAL_POST: 0,
        Status.LIVE: 0,
        Status.ELIMINATED: 4,
        Status.LEFT: 1,
    }


def test_progress_lists_running_cohorts_with_their_plan_day(world, frozen):
    hires(world, 2)
    later = CohortFactory(name="十二月新人批", start_date=date(2026, 12, 14))
    hires(world, 1, cohort=later)

    dash = hr_dashboard(TODAY)

    progress = {p.cohort.pk: p for p in dash.progress}
    assert set(progress) == {world.cohort.pk, world.other_cohort.pk}  # not the one starting in December
    mine = progress[world.cohort.pk]
    assert (mine.current_day, mine.last_day, mine.percent, mine.cohort.member_count) == (8, 16, 50, 3)
    # The cohort starting later is in view: its hire counts among the statuses.
    assert later.pk in {c.pk for c in dash.cohorts}


# ---------------------------------------------------------------------------- trainer figures


def test_trainer_sees_todays_roll_calls_of_their_cohorts_only(world, frozen):
    trainees = hires(world, 3)
    mark(trainees[0], 8, Attendance.PRESENT, world.trainer, count=2)  # today is plan day 8
    mark(trainees[1], 8, Attendance.LATE, world.trainer)
    mark(trainees[2], 7, Attendance.PRESENT, world.trainer)  # yesterday's: not today's roll call

    dash = trainer_dashboard(world.trainer, TODAY, is_hr=False)

    (roll,) = dash.roll_calls
    assert (roll.cohort_id, roll.first_day, roll.scheduled, roll.marked, roll.marks) == (world.cohort.pk, 8, 4, 2, 3)
    assert roll.state == "partial"
    everyone = trainer_dashboard(world.hr, TODAY, is_hr=True)
    assert {r.cohort_id for r in everyone.roll_calls} == {world.cohort.pk, world.other_cohort.pk}


def test_no_roll_call_on_a_day_off(world):
    with time_machine.travel(datetime(2026, 11, 28, 9, 0, tzinfo=SHANGHAI), tick=False):  # a Saturday
        assert trainer_dashboard(world.trainer, date(2026, 11, 28), is_hr=False).roll_calls == []


def test_trainer_sees_grading_backlog_and_alerts_of_their_trainees_only(world, frozen):
    exam = make_exam()
    mine = sit(exam, world.trainee, None)
    theirs = sit(exam, world.outsider, None)
    for attempt in (mine, theirs):
        for order in (1, 2):
            Answer.objects.create(attempt=attempt, order=order, type="short", snapshot={}, points=Decimal("5"))
    other_exam = make_exam("dash-exam-2", title="业务系统操作")
    sit(other_exam, world.trainee, "30")  # failed, attempts left: an alert
    sit(other_exam, world.outsider, "20")

    dash = trainer_dashboard(world.trainer, TODAY, is_hr=False)

    assert [(b.title, b.waiting) for b in dash.backlog] == [("业务知识测验", 2)]
    assert [a.attempt.employee for a in dash.alerts] == [world.trainee]
    assert dash.alerts[0].enrollment.cohort == world.cohort
    everyone = trainer_dashboard(world.hr, TODAY, is_hr=True)
    assert everyone.backlog_total == 4
    assert {a.attempt.employee for a in everyone.alerts} == {world.trainee, world.outsider}


def rate(enrollment: Enrollment, day: int, trainer, scores: tuple[int, int, int]) -> SessionRating:
    item = next(i for i in items_of(enrollment, day) if i.leader == Leader.TRAINER)
    content, delivery, usefulness = scores
    return SessionRating.objects.create(
        enrollment=enrollment,
        item=item,
        leader_name="李雪",
        trainer=trainer,
        content=content,
        delivery=delivery,
        usefulness=usefulness,
    )


def test_trainer_sees_this_weeks_score_sheet_averages_of_their_own(world, frozen):
    first, second = hires(world, 2)
    rate(first, 6, world.trainer, (5, 4, 3))  # day 6 is Monday 11-23: this week
    rate(second, 6, world.trainer, (3, 4, 5))
    rate(world.enrollment, 3, world.trainer, (1, 1, 1))  # day 3 was last week
    outsider = Enrollment.objects.get(employee=world.outsider)
    rate(outsider, 6, world.other_trainer, (2, 2, 2))

    dash = trainer_dashboard(world.trainer, TODAY, is_hr=False)

    assert dash.week == (date(2026, 11, 23), date(2026, 11, 29))
    (own,) = dash.leaders
    assert (own.trainer_id, own.count, own.content, own.usefulness, own.overall) == (
        world.trainer.pk,
        2,
        Decimal("4.00"),
        Decimal("4.00"),
        Decimal("4.00"),
    )
    assert dash.ratings_total == 2  # the other cohort's session is not listed
    everyone = trainer_dashboard(world.hr, TODAY, is_hr=True)
    assert {row.trainer_id for row in everyone.leaders} == {world.trainer.pk, world.other_trainer.pk}


# ---------------------------------------------------------------------------- pages


def test_home_sends_each_role_to_its_start_page(client, world):
    both = UserFactory(roles=["hr", "trainer"])
    for user, expected in [
        (world.hr, "/dashboard/"),
        (world.trainer, "/dashboard/trainer/"),
        (both, "/dashboard/"),
        (world.mentor.user, "/mentor/"),
        (world.trainee.user, "/today/"),
    ]:
        client.force_login(user)
        response = client.get("/")
        assert (response.status_code, response["Location"]) == (302, expected), user.username


def test_trainer_cannot_open_the_hr_dashboard_but_hr_can_open_the_trainers(client, world):
    client.force_login(world.trainer)
    assert client.get("/dashboard/").status_code == 403
    client.force_login(world.hr)
    response = client.get("/dashboard/trainer/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["is_hr"] is True


def test_trainer_page_shows_only_their_cohorts(client, world, frozen):
    client.force_login(world.trainer)
    page = client.get("/dashboard/trainer/").content.decode()
    assert world.cohort.name in page
    assert world.other_cohort.name not in page
    assert f'href="/cohorts/{world.cohort.pk}/roll-call/"' in page


def test_hr_page_has_chart_data_tables_and_no_inline_script(client, world, frozen):
    exam = make_exam()
    sit(exam, world.trainee, "70")
    sit(exam, world.outsider, "50")
    mark(world.enrollment, 1, Attendance.PRESENT, world.trainer)
    client.force_login(world.hr)

    response = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    data = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert data["pass_rates"] == {"labels": ["业务知识测验"], "values": [50.0]}
    assert data["attendance"] == {"labels": [world.cohort.name], "values": [100.0]}
    assert data["progress"]["labels"] == [world.cohort.name, world.other_cohort.name]  # by start date, then age
    # Every chart has its figures in a table too, and its words come from the (translated) page.
    for chart in ("progress", "attendance", "pass_rates", "spread", "funnel"):
        assert f'data-chart="{chart}"' in page
    assert page.count('<details class="dash-figures') == 5
    assert 'data-axis="Plan reached (%)"' in page
    # Scripts are files; the only script element with content is the JSON data.
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "chartjs/chart.umd.min.js" in page and "js/dashboards.js" in page


def test_dashboards_render_with_no_data(client, world):
    """A fresh portal: no marks, no exams, nothing to chart."""
    client.force_login(world.hr)
    assert client.get("/dashboard/").status_code == 200
    client.force_login(world.trainer)
    assert client.get("/dashboard/trainer/").status_code == 200


# ---------------------------------------------------------------------------- query counts


def populate(world, n: int) -> None:
    """n trainees in the trainer's cohort with everything the dashboards read: attendance marks
    (past and today), exam attempts (passed, failed with an alert, awaiting grading), short
    answers to grade, an elimination, and ratings this week; and the same for the other cohort."""
    exam = make_exam()
    for cohort, trainer in ((world.cohort, world.trainer), (world.other_cohort, world.other_trainer)):
        enrollments = hires(world, n, cohort=cohort)
        for i, e in enumerate(enrollments):
            mark(e, 1, [Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT][i % 3], trainer, count=2)
            mark(e, 8, Attendance.PRESENT, trainer)
            rate(e, 6, trainer, (4, 5, 3))
            if i % 3 == 0:
                sit(exam, e.employee, "90")
            elif i % 3 == 1:
                sit(exam, e.employee, "30")
            else:
                attempt = sit(exam, e.employee, None)
                Answer.objects.create(attempt=attempt, order=1, type="short", snapshot={}, points=Decimal("5"))
        change_status(employee=enrollments[0].employee, to_status=Status.ELIMINATED, reason="测试", by=world.hr)


@pytest.mark.parametrize("n", [3, 30])
def test_hr_dashboard_takes_the_same_queries_for_3_or_30_trainees(client, world, frozen, n):
    populate(world, n)
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    assert len(response.context["dash"].alerts) == 2 * (n // 3)
    # session, user, roles; cohorts, their trainers, their members and scheduled days grouped by cohort;
    # attendance; exam results,
    # best scores; status changes by phase, phases; statuses; failed attempts, passes (alerts),
    # the alerted trainees' enrollments
    assert len(ctx.captured_queries) == 17, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("n", [3, 30])
def test_trainer_dashboard_takes_the_same_queries_for_3_or_30_trainees(client, world, frozen, n):
    populate(world, n)
    client.force_login(world.trainer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/dashboard/trainer/")
    assert response.status_code == 200
    dash = response.context["dash"]
    assert (dash.backlog_total, dash.roll_calls[0].marked, dash.leaders[0].count) == (n // 3, n, n)
    # session, user, roles; leader averages, item averages; grading backlog; trainees scheduled
    # today, today's marks; failed attempts, passes (alerts), the alerted trainees' enrollments
    assert len(ctx.captured_queries) == 12, [q["sql"] for q in ctx.captured_queries]
