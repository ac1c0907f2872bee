"""Going live: the pass exams and the typing threshold are requirements the go-live page shows as met or
not met; sign-off is refused on the server while one is unmet; HR may override with a reason; the mentor
reaches the page from the mentor home."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from assessments.gates import GateError, evidence_for, sign_off
from assessments.models import Attempt, AttemptStatus, Exam, SignOff, SignOffRole
from employees.models import Status
from tests.assessments.exam_fixtures import EXAM_DAY, at, typing_result

GO_LIVE = "/enrollments/{}/go-live/"


@pytest.fixture
def gate_exam(world) -> Exam:
    """One pass exam on the trainee's plan (the starter data has two; the other stops gating here)."""
    exams = list(Exam.objects.filter(is_gate=True, item__template_id=world.enrollment.plan_id).order_by("pk"))
    Exam.objects.filter(pk__in=[e.pk for e in exams[1:]]).update(is_gate=False)
    return exams[0]


def passed(exam: Exam, employee) -> Attempt:
    return Attempt.objects.create(
        exam=exam,
        employee=employee,
        status=AttemptStatus.SUBMITTED,
        started_at=EXAM_DAY,
        deadline=EXAM_DAY,
        submitted_at=EXAM_DAY,
        max_score=Decimal(100),
        score=Decimal(90),
        percent=Decimal(90),
        passed=True,
    )


def on_trial_post(world) -> None:
    world.trainee.status = Status.TRIAL_POST
    world.trainee.save(update_fields=["status"])


def test_the_page_shows_the_pass_exam_and_the_typing_threshold_as_not_met_then_met(client, world, gate_exam):
    client.force_login(world.trainer)
    with at(EXAM_DAY):
        page = client.get(GO_LIVE.format(world.enrollment.pk), HTTP_ACCEPT_LANGUAGE="en")
    requirements = {r.label: r.met for r in page.context["ev"].requirements}
    assert requirements == {
        f"Pass “{gate_exam.title}”": False,
        "Typing: 60 chars/min at 95% accuracy": False,
    }
    html = page.content.decode()
    assert html.count('class="requirement unmet"') == 2
    assert "Sign-off opens when every go-live requirement is met." in html

    passed(gate_exam, world.trainee)
    typing_result(world.trainee, cpm="61", accuracy="95")
    with at(EXAM_DAY):
        html = client.get(GO_LIVE.format(world.enrollment.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('class="requirement met"') == 2 and "unmet" not in html
    assert 'name="action" value="trainer"' in html


@pytest.mark.parametrize(
    ("cpm", "accuracy", "result_passed"),
    [("59.9", "99", True), ("80", "94.9", True), ("80", "99", False)],
)
def test_a_slow_inaccurate_or_failed_typing_result_does_not_meet_the_requirement(
    world, gate_exam, cpm, accuracy, result_passed
):
    passed(gate_exam, world.trainee)
    typing_result(world.trainee, cpm=cpm, accuracy=accuracy, passed=result_passed)
    with translation.override("en"):
        ev = evidence_for(world.enrollment)
    assert ev.gates_passed and not ev.requirements_met
    assert ev.unmet == ["Typing: 60 chars/min at 95% accuracy"]


def test_the_typing_threshold_is_a_setting(world, gate_exam, settings):
    settings.GO_LIVE_TYPING_MIN_CPM = 40
    passed(gate_exam, world.trainee)
    typing_result(world.trainee, cpm="45", accuracy="97")
    assert evidence_for(world.enrollment).requirements_met


def test_sign_off_is_refused_on_the_server_while_typing_is_below_the_threshold(client, world, gate_exam):
    on_trial_post(world)
    passed(gate_exam, world.trainee)
    typing_result(world.trainee, cpm="50", accuracy="99")
    client.force_login(world.trainer)
    with at(EXAM_DAY):
        response = client.post(
            GO_LIVE.format(world.enrollment.pk), {"action": "trainer", "text": "可以上线"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 302
    assert not SignOff.objects.exists()
    with at(EXAM_DAY):
        page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign-off waits for: Typing: 60 chars/min at 95% accuracy" in page


def test_sign_off_is_refused_while_a_pass_exam_is_not_passed(world, gate_exam):
    on_trial_post(world)
    typing_result(world.trainee)
    with pytest.raises(GateError):
        sign_off(enrollment=world.enrollment, role=SignOffRole.MENTOR, by=world.mentor.user, recommendation="好")
    assert not SignOff.objects.exists()


def test_both_sign_offs_with_every_requirement_met_make_the_trainee_live(world, gate_exam):
    on_trial_post(world)
    passed(gate_exam, world.trainee)
    typing_result(world.trainee)
    sign_off(enrollment=world.enrollment, role=SignOffRole.MENTOR, by=world.mentor.user, recommendation="稳定")
    sign_off(enrollment=world.enrollment, role=SignOffRole.TRAINER, by=world.trainer, recommendation="达标")
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.LIVE
    assert world.trainee.status_changes.order_by("-pk").first().override is False


def test_hr_overrides_unmet_requirements_with_a_reason_from_the_go_live_page(client, world, gate_exam):
    on_trial_post(world)
    client.force_login(world.hr)
    with at(EXAM_DAY):
        page = client.get(GO_LIVE.format(world.enrollment.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/employees/{world.trainee.pk}/status/"' in page
    response = client.post(
        f"/employees/{world.trainee.pk}/status/",
        {"to_status": Status.LIVE, "override": "on", "reason": "老员工转岗，打字已达标"},
    )
    assert response.status_code == 302
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.LIVE
    change = world.trainee.status_changes.order_by("-pk").first()
    assert change.override and change.changed_by == world.hr


def test_the_override_link_is_hrs_only(client, world, gate_exam):
    on_trial_post(world)
    client.force_login(world.trainer)
    with at(EXAM_DAY):
        page = client.get(GO_LIVE.format(world.enrollment.pk)).content.decode()
    assert f"/employees/{world.trainee.pk}/status/" not in page


def test_the_mentor_reaches_the_go_live_page_of_a_mentee_on_the_trial_post_from_the_mentor_home(client, world):
    client.force_login(world.mentor.user)
    link = f'href="{GO_LIVE.format(world.enrollment.pk)}"'
    with at(EXAM_DAY):
        assert link not in client.get("/mentor/").content.decode()  # still in training: nothing to decide
    on_trial_post(world)
    with at(EXAM_DAY):
        home = client.get("/mentor/").content.decode()
        assert link in home
        assert client.get(GO_LIVE.format(world.enrollment.pk)).status_code == 200
