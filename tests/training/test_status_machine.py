"""The status machine: employees move only along allowed transitions, the gated statuses open only through
their gate, and HR may override any rule with a reason that the history keeps."""

from __future__ import annotations

import pytest

from employees.models import ALLOWED_TRANSITIONS, GATED_STATUSES, Status, StatusChange
from employees.services import EmployeeError
from training.services import change_status, status_targets


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched in English; one test below reads them in Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_the_status_machine_names_every_status_and_only_known_ones():
    assert set(ALLOWED_TRANSITIONS) == set(Status.values)
    for targets in ALLOWED_TRANSITIONS.values():
        assert targets <= set(Status.values)
    assert {Status.TRIAL_POST, Status.LIVE} == GATED_STATUSES


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.LIVE, Status.IN_TRAINING),
        (Status.ELIMINATED, Status.IN_TRAINING),
        (Status.LEFT, Status.LIVE),
        (Status.PRE_ONBOARDING, Status.TRIAL_POST),
        (Status.IN_TRAINING, Status.PRE_ONBOARDING),
    ],
)
def test_a_move_the_status_machine_does_not_allow_is_refused_and_nothing_is_written(world, start, target):
    employee = world.trainee
    employee.status = start
    employee.save(update_fields=["status"])
    before = StatusChange.objects.count()
    with pytest.raises(EmployeeError, match="cannot go from|only through|only when"):
        change_status(employee=employee, to_status=target, reason="试试", by=world.hr)
    employee.refresh_from_db()
    assert employee.status == start
    assert StatusChange.objects.count() == before


def test_the_refusal_names_both_statuses_in_the_users_language(world, settings):
    world.trainee.status = Status.ELIMINATED
    world.trainee.save(update_fields=["status"])
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(EmployeeError) as refused:
        change_status(employee=world.trainee, to_status=Status.IN_TRAINING, reason="回来", by=world.hr)
    assert "“已淘汰”" in str(refused.value) and "“培训中”" in str(refused.value)


def test_live_is_reached_only_through_the_go_live_sign_off(world):
    trainee = world.trainee
    trainee.status = Status.TRIAL_POST
    trainee.save(update_fields=["status"])
    with pytest.raises(EmployeeError, match="go-live sign-off"):
        change_status(employee=trainee, to_status=Status.LIVE, reason="表现不错", by=world.hr)
    change = change_status(
        employee=trainee, to_status=Status.LIVE, reason="签字通过", by=world.trainer, through_gate=True
    )
    assert (change.to_status, change.override) == (Status.LIVE, False)


def test_the_trial_post_opens_only_through_the_pass_exams(world):
    with pytest.raises(EmployeeError, match="pass exam"):
        change_status(employee=world.trainee, to_status=Status.TRIAL_POST, reason="提前", by=world.hr)
    change_status(employee=world.trainee, to_status=Status.TRIAL_POST, reason="过关", by=None, through_gate=True)
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.TRIAL_POST


def test_hr_may_override_any_rule_and_the_change_is_marked_as_an_override(world):
    world.trainee.status = Status.ELIMINATED
    world.trainee.save(update_fields=["status"])
    change = change_status(
        employee=world.trainee, to_status=Status.LIVE, reason="申诉成功，直接上线", by=world.hr, override=True
    )
    assert (change.from_status, change.to_status, change.override, change.changed_by) == (
        Status.ELIMINATED,
        Status.LIVE,
        True,
        world.hr,
    )


@pytest.mark.parametrize("who", ["trainer", "nobody"])
def test_only_hr_may_override(world, who):
    by = world.trainer if who == "trainer" else None
    with pytest.raises(EmployeeError, match="Only HR"):
        change_status(employee=world.trainee, to_status=Status.LIVE, reason="跳过", by=by, override=True)
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.IN_TRAINING


def test_an_override_needs_a_reason(world):
    from django.utils import translation

    with translation.override("en"), pytest.raises(EmployeeError, match="reason"):
        change_status(employee=world.trainee, to_status=Status.LIVE, reason="  ", by=world.hr, override=True)


def test_an_override_of_an_allowed_move_is_recorded_as_an_ordinary_change(world):
    change = change_status(employee=world.trainee, to_status=Status.LEFT, reason="离职", by=world.hr, override=True)
    assert change.override is False


def test_status_targets_are_the_next_steps_without_the_gates():
    assert status_targets(Status.IN_TRAINING) == [Status.ELIMINATED, Status.LEFT]
    assert status_targets(Status.TRIAL_POST) == [Status.IN_TRAINING, Status.ELIMINATED, Status.LEFT]
    assert status_targets(Status.LIVE) == [Status.LEFT]
    assert status_targets(Status.LEFT) == []


# ---------------------------------------------------------------------------- HR's status page


def test_the_status_page_offers_the_allowed_moves_and_the_others_only_under_the_override(client, world):
    client.force_login(world.hr)
    page = client.get(f"/employees/{world.trainee.pk}/status/", HTTP_ACCEPT_LANGUAGE="en")
    choices = page.context["form"].fields["to_status"].choices
    assert choices[:2] == [(Status.ELIMINATED, "Eliminated"), (Status.LEFT, "Left")]
    group, others = choices[2]
    assert str(group) == "Only with an HR override"
    assert [v for v, _label in others] == [Status.PRE_ONBOARDING, Status.TRIAL_POST, Status.LIVE]
    assert 'name="override"' in page.content.decode()


def test_the_status_page_refuses_a_gated_move_without_the_override_box(client, world):
    client.force_login(world.hr)
    page = client.post(
        f"/employees/{world.trainee.pk}/status/",
        {"to_status": Status.LIVE, "reason": "想上线"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert "Tick the override box" in page.content.decode()
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.IN_TRAINING


def test_the_status_page_records_an_hr_override_and_the_employee_page_shows_it(client, world):
    client.force_login(world.hr)
    response = client.post(
        f"/employees/{world.trainee.pk}/status/",
        {"to_status": Status.LIVE, "override": "on", "reason": "外部调入，已有经验"},
    )
    assert response.status_code == 302
    world.trainee.refresh_from_db()
    assert world.trainee.status == Status.LIVE
    change = world.trainee.status_changes.order_by("-pk").first()
    assert (change.override, change.reason, change.changed_by) == (True, "外部调入，已有经验", world.hr)
    page = client.get(f"/employees/{world.trainee.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "HR override" in page


def test_the_admin_does_not_change_an_employees_status(client, world):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("root", password="x"))
    url = f"/admin/employees/employee/{world.trainee.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields
