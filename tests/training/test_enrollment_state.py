"""An enrollment's own state (enrolled, in progress, completed, withdrawn, failed) and outcome, apart from the
employee's status: a live veteran on a refresher stays live and is treated as a trainee by every list; an
ended training gets nothing more. The refresher cohort starts Monday 2026-11-16, like the World's cohort."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import translation

from assessments.gates import eliminate
from employees.models import Status, Tier
from employees.roles import Role
from notifications.models import Notification
from notifications.reminders import send_check_off_reminders, send_daily_plans
from notifications.services import Kind
from tests.factories import CohortFactory, EmployeeFactory, UserFactory
from training.models import Enrollment, EnrollmentState, Outcome
from training.selectors import active_enrollment, roll_call
from training.services import (
    EnrollmentError,
    change_enrollment_state,
    change_status,
    enroll,
    enroll_existing,
    finish_enrollment,
    move_cohort_start,
    start_due_enrollments,
)
from training.signals import enrollment_state_changed

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 16)
morning = time_machine.travel(datetime(2026, 11, 16, 7, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(autouse=True)
def _english():
    """Refusals are read in English here."""
    with translation.override("en"):
        yield


def _veteran(**kwargs):
    """A live veteran who mentors: the mentor role only, no trainee role yet."""
    return EmployeeFactory(
        user=UserFactory(roles=[Role.MENTOR]), status=Status.LIVE, tier=Tier.VETERAN, name="老李", **kwargs
    )


def _refresher(world, start: date = MONDAY):
    cohort = CohortFactory(name="回炉班", tier=Tier.VETERAN, start_date=start)
    cohort.trainers.add(world.trainer)
    return cohort


# --- the live veteran on a refresher ---------------------------------------------------------------------------


@morning
def test_a_live_veteran_enrolled_in_a_refresher_gets_the_0800_reminder_and_stays_live(world):
    veteran = _veteran()
    [enrollment] = enroll_existing(cohort=_refresher(world), employees=[veteran])

    send_daily_plans(on=MONDAY)

    [note] = Notification.objects.filter(user=veteran.user, kind=Kind.DAILY_PLAN)
    assert note.url == "/today/"
    veteran.refresh_from_db()
    enrollment.refresh_from_db()
    assert veteran.status == Status.LIVE
    assert enrollment.state == EnrollmentState.IN_PROGRESS  # its day 1 is today
    assert not veteran.status_changes.exists()


@morning
def test_the_veteran_sees_the_refresher_on_today_and_the_week_and_is_on_the_roll_call(client, world):
    veteran = _veteran()
    refresher = _refresher(world)
    enroll_existing(cohort=refresher, employees=[veteran])
    assert veteran.user.groups.filter(name=Role.TRAINEE).exists()  # their today and week open

    client.force_login(veteran.user)
    today = client.get("/today/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    week = client.get("/week/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "回炉班" in today
    assert "not in a training cohort" not in week
    assert [e.enrollment.employee for e in roll_call(cohort=refresher, on=MONDAY)] == [veteran]
    client.force_login(world.trainer)
    assert "老李" in client.get(f"/cohorts/{refresher.pk}/roll-call/2026-11-16/").content.decode()


@morning
def test_a_veteran_with_nothing_recorded_puts_the_refresher_on_the_trainers_1800_reminder(world):
    enroll_existing(cohort=_refresher(world), employees=[_veteran()])
    send_check_off_reminders(on=MONDAY)
    assert "回炉班" in Notification.objects.get(user=world.trainer, kind=Kind.CHECK_OFF).body


# --- ended trainings get nothing -------------------------------------------------------------------------------


@morning
@pytest.mark.parametrize("state", [EnrollmentState.WITHDRAWN, EnrollmentState.COMPLETED, EnrollmentState.FAILED])
def test_an_ended_refresher_gets_no_reminder_and_leaves_todays_roll_call(world, state):
    veteran = _veteran()
    refresher = _refresher(world)
    [enrollment] = enroll_existing(cohort=refresher, employees=[veteran])
    change_enrollment_state(enrollment=enrollment, to_state=state, reason="调岗", by=world.hr)

    send_daily_plans(on=MONDAY)

    assert not Notification.objects.filter(user=veteran.user).exists()
    assert roll_call(cohort=refresher, on=MONDAY) == []


def test_a_past_roll_call_still_lists_a_trainee_withdrawn_later(world):
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=SHANGHAI), tick=False):
        change_enrollment_state(
            enrollment=world.enrollment, to_state=EnrollmentState.WITHDRAWN, reason="x", by=world.hr
        )
    assert [e.enrollment for e in roll_call(cohort=world.cohort, on=MONDAY)] == [world.enrollment]
    assert roll_call(cohort=world.cohort, on=date(2026, 11, 20)) == []


# --- the state machine -----------------------------------------------------------------------------------------


def test_the_state_moves_along_allowed_transitions_and_says_why_it_refuses(world):
    enrollment = world.enrollment
    assert enrollment.state == EnrollmentState.IN_PROGRESS  # the World's cohort began on 2026-11-16

    change_enrollment_state(enrollment=enrollment, to_state=EnrollmentState.COMPLETED, reason="结业", by=world.hr)
    with pytest.raises(EnrollmentError, match="has ended"):
        change_enrollment_state(enrollment=enrollment, to_state=EnrollmentState.FAILED, reason="x", by=world.hr)
    with pytest.raises(EnrollmentError, match="already"):
        change_enrollment_state(enrollment=enrollment, to_state=EnrollmentState.COMPLETED, reason="x", by=world.hr)
    with pytest.raises(EnrollmentError, match="Only HR"):
        change_enrollment_state(
            enrollment=enrollment, to_state=EnrollmentState.IN_PROGRESS, reason="x", by=world.trainer, override=True
        )

    change_enrollment_state(
        enrollment=enrollment, to_state=EnrollmentState.IN_PROGRESS, reason="误操作", by=world.hr, override=True
    )
    enrollment.refresh_from_db()
    assert (enrollment.state, enrollment.outcome, enrollment.ended_on) == (EnrollmentState.IN_PROGRESS, "", None)


def test_a_refused_move_names_both_states_and_changes_nothing(world):
    enrollment = world.enrollment
    change_enrollment_state(enrollment=enrollment, to_state=EnrollmentState.WITHDRAWN, reason="x", by=world.hr)
    with pytest.raises(EnrollmentError) as refused:
        change_enrollment_state(enrollment=enrollment, to_state=EnrollmentState.IN_PROGRESS, reason="x", by=world.hr)
    assert "“Withdrawn”" in str(refused.value) and "“In progress”" in str(refused.value)
    with pytest.raises(EnrollmentError, match="reason"):
        change_enrollment_state(enrollment=enrollment, to_state=EnrollmentState.ENROLLED, reason=" ", by=world.hr)
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.WITHDRAWN


def test_every_change_is_announced_after_the_commit_with_old_and_new(world, django_capture_on_commit_callbacks):
    heard = []

    def listen(sender, enrollment, old, new, **kwargs):
        heard.append((enrollment.pk, old, new))

    enrollment_state_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            change_enrollment_state(
                enrollment=world.enrollment, to_state=EnrollmentState.FAILED, reason="x", by=world.hr
            )
            assert heard == []  # not before the commit
        assert len(callbacks) == 1
    finally:
        enrollment_state_changed.disconnect(listen)
    assert heard == [(world.enrollment.pk, EnrollmentState.IN_PROGRESS, EnrollmentState.FAILED)]


def test_the_change_is_on_the_employees_timeline_with_its_author(client, world):
    finish_enrollment(enrollment=world.enrollment, result="withdrawn", reason="转到下一批", by=world.hr)
    client.force_login(world.hr)
    page = client.get(f"/employees/{world.trainee.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    [entry] = [e for e in page.context["timeline"] if e.subject == "Training · 十一月新人批" and e.who == "周敏"]
    assert [(c.before, c.after) for c in entry.changes][:2] == [("In progress", "Withdrawn"), ("—", "转到下一批")]
    started = [e for e in page.context["timeline"] if e.subject == "Training · 十一月新人批" and e.who == "System"]
    assert [(c.before, c.after) for c in started[0].changes] == [("Enrolled", "In progress")]


# --- day 1 ----------------------------------------------------------------------------------------------------


def test_an_enrollment_is_in_progress_from_its_day_one_and_enrolled_again_when_the_start_moves_later(world):
    later = CohortFactory(tier=Tier.VETERAN, start_date=date(2026, 12, 14))
    with time_machine.travel(datetime(2026, 12, 10, 9, tzinfo=SHANGHAI), tick=False):
        [enrollment] = enroll(cohort=later, employees=[_veteran()])
        assert start_due_enrollments(on=date(2026, 12, 11)) == []
    assert start_due_enrollments(on=date(2026, 12, 14)) == [enrollment]
    assert start_due_enrollments(on=date(2026, 12, 14)) == []  # a second run changes nothing
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.IN_PROGRESS

    with time_machine.travel(datetime(2026, 12, 15, 9, tzinfo=SHANGHAI), tick=False):
        move_cohort_start(cohort=later, start_date=date(2027, 1, 4))
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.ENROLLED


def test_starting_enrollments_takes_the_same_queries_for_3_or_30(django_assert_num_queries):
    for size in (3, 30):
        cohort = CohortFactory(tier=Tier.VETERAN, start_date=date(2027, 3, 1))
        with time_machine.travel(datetime(2027, 2, 1, 9, tzinfo=SHANGHAI), tick=False):
            enroll(cohort=cohort, employees=EmployeeFactory.create_batch(size, status=Status.LIVE))
        # savepoint, the due rows locked, their update, their history rows, release
        with django_assert_num_queries(5):
            assert len(start_due_enrollments(on=date(2027, 3, 1))) == size


# --- the status decides a new hire's training -----------------------------------------------------------------


def test_elimination_fails_the_new_hires_training_with_the_reason(world):
    eliminate(enrollment=world.enrollment, by=world.hr, reason="两次未通过")
    enrollment = Enrollment.objects.get(pk=world.enrollment.pk)
    assert (enrollment.state, enrollment.outcome, enrollment.outcome_note) == (
        EnrollmentState.FAILED,
        Outcome.NOT_PASSED,
        "两次未通过",
    )
    assert enrollment.ended_on is not None


def test_going_live_completes_the_new_hire_training_as_passed_but_not_a_refresher(world):
    veteran_cohort = _refresher(world)
    enroll(cohort=veteran_cohort, employees=[world.trainee])
    change_status(employee=world.trainee, to_status=Status.LIVE, reason="签字上线", by=world.hr, override=True)
    states = dict(Enrollment.objects.filter(employee=world.trainee).values_list("cohort_id", "state"))
    assert states == {world.cohort.pk: EnrollmentState.COMPLETED, veteran_cohort.pk: EnrollmentState.IN_PROGRESS}
    assert world.enrollment.outcome == Outcome.PASSED


def test_leaving_withdraws_every_active_training_and_an_hr_override_back_reopens_the_latest(world):
    change_status(employee=world.trainee, to_status=Status.LEFT, reason="离职", by=world.hr)
    assert world.enrollment.state == EnrollmentState.WITHDRAWN
    change_status(employee=world.trainee, to_status=Status.IN_TRAINING, reason="返岗", by=world.hr, override=True)
    assert world.enrollment.state == EnrollmentState.IN_PROGRESS


def test_a_signed_off_or_eliminated_decision_refuses_a_training_that_has_ended(world):
    from assessments.gates import GateError

    finish_enrollment(enrollment=world.enrollment, result="withdrawn", reason="转批", by=world.hr)
    with pytest.raises(GateError, match="ended"):
        eliminate(enrollment=Enrollment.objects.get(pk=world.enrollment.pk), by=world.hr, reason="x")


# --- HR ends a refresher by hand --------------------------------------------------------------------------------


@morning
def test_hr_completes_a_refresher_on_the_cohort_page_and_the_veteran_stays_live(client, world):
    veteran = _veteran()
    refresher = _refresher(world)
    [enrollment] = enroll_existing(cohort=refresher, employees=[veteran])
    client.force_login(world.hr)
    cohort_page = client.get(f"/cohorts/{refresher.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/enrollments/{enrollment.pk}/finish/" in cohort_page
    assert "In progress" in cohort_page

    response = client.post(f"/enrollments/{enrollment.pk}/finish/", {"result": "passed", "reason": "考核通过"})

    assert response.status_code == 302
    enrollment.refresh_from_db()
    veteran.refresh_from_db()
    assert (enrollment.state, enrollment.outcome, enrollment.ended_on) == (
        EnrollmentState.COMPLETED,
        Outcome.PASSED,
        MONDAY,
    )
    assert veteran.status == Status.LIVE


def test_hr_may_only_withdraw_a_new_hire_the_go_live_decision_ends_the_rest(client, world):
    client.force_login(world.hr)
    url = f"/enrollments/{world.enrollment.pk}/finish/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="withdrawn"' in page and 'value="passed"' not in page
    refused = client.post(url, {"result": "passed", "reason": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    with pytest.raises(EnrollmentError, match="go-live decision"):
        finish_enrollment(enrollment=world.enrollment, result="passed", reason="x", by=world.hr)
    assert Enrollment.objects.get(pk=world.enrollment.pk).state == EnrollmentState.IN_PROGRESS


def test_finishing_twice_shows_a_message_not_an_error(client, world):
    client.force_login(world.hr)
    url = f"/enrollments/{world.enrollment.pk}/finish/"
    client.post(url, {"result": "withdrawn", "reason": "转批"})
    again = client.post(url, {"result": "withdrawn", "reason": "转批"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 200
    assert "already" in again.content.decode()


# --- the employee page and the today page ---------------------------------------------------------------------


def test_the_employee_page_lists_every_training_with_its_state_and_outcome(client, world):
    refresher = _refresher(world)
    enroll(cohort=refresher, employees=[world.trainee])
    change_status(employee=world.trainee, to_status=Status.LIVE, reason="上线", by=world.hr, override=True)
    client.force_login(world.hr)
    html = client.get(f"/employees/{world.trainee.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    trainings = html.split('class="table table-sm bg-white align-middle trainings"')[1].split("</table>")[0]
    assert "十一月新人批" in trainings and "回炉班" in trainings
    assert "Completed" in trainings and "Passed" in trainings and "In progress" in trainings


def test_today_prefers_the_training_in_progress_over_one_that_ended(world):
    refresher = _refresher(world, start=date(2026, 11, 30))
    enroll(cohort=refresher, employees=[world.trainee])
    change_status(employee=world.trainee, to_status=Status.LIVE, reason="上线", by=world.hr, override=True)
    assert active_enrollment(world.trainee, date(2026, 12, 1)).cohort == refresher
    finish_enrollment(enrollment=Enrollment.objects.get(cohort=refresher), result="not_passed", reason="x", by=world.hr)
    # With nothing followed any more, the latest training that ended, so the page can say how it ended.
    assert active_enrollment(world.trainee, date(2026, 12, 20)).cohort == refresher


def test_enrolling_existing_employees_keeps_their_roles(world):
    veteran = _veteran()
    enroll_existing(cohort=_refresher(world), employees=[veteran])
    assert set(veteran.user.groups.values_list("name", flat=True)) == {Role.MENTOR, Role.TRAINEE}
    assert Group.objects.get(name=Role.TRAINEE).user_set.filter(pk=veteran.user_id).count() == 1


def _failed(employee):
    from datetime import timedelta
    from decimal import Decimal

    from assessments.models import Attempt, AttemptStatus, Exam

    moment = datetime(2026, 11, 20, 15, tzinfo=SHANGHAI)
    return Attempt.objects.create(
        exam=Exam.objects.get(code="business-knowledge"),
        employee=employee,
        status=AttemptStatus.SUBMITTED,
        started_at=moment,
        deadline=moment + timedelta(minutes=30),
        submitted_at=moment,
        percent=Decimal(40),
        passed=False,
    )


def test_exam_alerts_follow_the_training_not_the_status(world):
    from assessments.gates import exam_alerts_with_enrollments

    veteran = _veteran()
    refresher = _refresher(world)
    enroll_existing(cohort=refresher, employees=[veteran])
    _failed(veteran)
    _failed(world.trainee)
    finish_enrollment(enrollment=world.enrollment, result="withdrawn", reason="转批", by=world.hr)

    [alert] = exam_alerts_with_enrollments()

    assert (alert.attempt.employee, alert.enrollment.cohort) == (veteran, refresher)


def test_the_transcript_lists_every_training_with_state_and_outcome(world, settings, tmp_path):
    from tests.reports.report_data import build, table, workbook

    settings.MEDIA_ROOT = tmp_path
    refresher = _refresher(world, start=date(2026, 11, 30))
    enroll(cohort=refresher, employees=[world.trainee])
    change_status(employee=world.trainee, to_status=Status.LIVE, reason="上线", by=world.hr, override=True)

    report = build("transcript", {"employee": world.trainee.pk}, world.hr)

    rows = {r["Cohort"]: r for r in table(workbook(report)["Cohort"])}
    assert (rows["十一月新人批"]["Training state"], rows["十一月新人批"]["Outcome"]) == ("Completed", "Passed")
    assert rows["十一月新人批"]["Note on the outcome"] == "上线"
    assert (rows["回炉班"]["Training state"], rows["回炉班"]["Outcome"]) == ("In progress", None)
