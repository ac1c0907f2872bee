"""Coaching plans (跟踪辅导): started by HR, a mentor for a mentee or from a failed quality check's link;
goals with due dates, check-ins with notes that move the status, reminders to the owner when a goal or a
check-in is due, and the plan on the employee's page and timeline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CheckIn, CoachingPlan, PlanOrigin, PlanStatus
from coaching.services import CoachingError, GoalRow, update_plan
from notifications.models import Notification
from notifications.reminders import send_coaching_reminders
from notifications.services import Kind
from tests.coaching.fixtures import plan_for
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        yield


def goals(*rows: tuple[str, str], prefix: str = "goals", initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for i, (text, due) in enumerate(rows):
        data[f"{prefix}-{i}-text"] = text
        data[f"{prefix}-{i}-due_date"] = due
    return data


def test_a_mentor_starts_a_plan_for_a_mentee_and_owns_it_by_default(client, world):
    client.force_login(world.mentor.user)
    url = reverse("coaching_plan_create") + f"?employee={world.trainee.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "origin": "go_live",
            "reason": "上线后响应慢",
            "owner": "",
            **goals(("平均响应 30 秒内", "2026-12-15"), ("", "")),
        },
    )
    plan = CoachingPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("coaching_plan_detail", args=[plan.pk])
    assert (plan.owner, plan.created_by, plan.status) == (world.mentor.user, world.mentor.user, PlanStatus.OPEN)
    assert [(g.text, g.due_date) for g in plan.goals.all()] == [("平均响应 30 秒内", date(2026, 12, 15))]


def test_the_link_from_a_failed_quality_check_fills_the_occasion_and_keeps_the_check_number(client, world):
    client.force_login(world.hr)
    url = reverse("coaching_plan_create") + f"?employee={world.trainee.pk}&check=17"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Quality check no. 17 not passed." in page
    client.post(
        url,
        {
            "origin": "quality",
            "reason": "红线：泄露客户信息",
            "owner": "mentor",
            **goals(("复训隐私规则", "2026-12-08")),
        },
    )
    plan = CoachingPlan.objects.get()
    assert (plan.origin, plan.quality_check_id, plan.owner) == (PlanOrigin.QUALITY, 17, world.mentor.user)


def test_hr_finds_the_employee_by_their_number(client, world):
    client.force_login(world.hr)
    response = client.get(reverse("coaching_plan_create") + f"?no={world.trainee.employee_no}&check=3")
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching_plan_create") + f"?check=3&employee={world.trainee.pk}"
    assert (
        "has this 工号"
        in client.get(reverse("coaching_plan_create") + "?no=NOBODY", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_a_mentor_cannot_pick_someone_elses_mentee_by_number(client, world):
    client.force_login(world.mentor.user)
    response = client.get(reverse("coaching_plan_create") + f"?no={world.outsider.employee_no}")
    assert response.status_code == 200 and response.context["error"]
    assert client.get(reverse("coaching_plan_create") + f"?employee={world.outsider.pk}").status_code == 404


def test_the_owner_must_be_able_to_follow_the_plan(client, world):
    client.force_login(world.hr)
    url = reverse("coaching_plan_create") + f"?employee={world.trainee.pk}"
    response = client.post(
        url, {"origin": "go_live", "reason": "x", "owner": world.outsider.employee_no, **goals(("a", "2026-12-15"))}
    )
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    response = client.post(
        url, {"origin": "go_live", "reason": "x", "owner": "", **goals(("", ""))}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "at least one goal" in str(response.context["form"].non_field_errors())
    assert not CoachingPlan.objects.exists()


def test_a_check_in_records_the_note_moves_the_status_and_ticks_goals(client, world):
    plan = plan_for(world.trainee, owner=world.mentor.user, by=world.hr)
    first = plan.goals.first()
    client.force_login(world.mentor.user)
    response = client.post(
        reverse("coaching_plan_detail", args=[plan.pk]),
        {
            "on": "2026-12-01",
            "note": "响应已到 35 秒",
            "status": "at_risk",
            "goals_done": [str(first.pk)],
            "next_check_in": "2026-12-08",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.next_check_in) == (PlanStatus.AT_RISK, date(2026, 12, 8))
    assert [g.done for g in plan.goals.all()] == [True, False]
    assert CheckIn.objects.get().note == "响应已到 35 秒"
    assert "响应已到 35 秒" in client.get(reverse("coaching_plan_detail", args=[plan.pk])).content.decode()


def test_a_closed_plan_takes_no_check_in_until_it_is_reopened(client, world):
    plan = plan_for(world.trainee, owner=world.mentor.user, by=world.hr)
    CoachingPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DONE)
    client.force_login(world.mentor.user)
    response = client.post(
        reverse("coaching_plan_detail", args=[plan.pk]), {"on": "2026-12-01", "note": "x", "status": "on_track"}
    )
    assert response.status_code == 302 and not CheckIn.objects.exists()


def test_a_check_in_in_the_future_or_a_next_check_in_before_it_is_refused(client, world):
    plan = plan_for(world.trainee, owner=world.mentor.user, by=world.hr)
    client.force_login(world.mentor.user)
    url = reverse("coaching_plan_detail", args=[plan.pk])
    for data in ({"on": "2026-12-02"}, {"on": "2026-12-01", "next_check_in": "2026-11-30"}):
        response = client.post(url, {"note": "x", "status": "on_track", **data})
        assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not CheckIn.objects.exists()


def test_the_owner_edits_goals_and_a_plan_keeps_at_least_one(client, world):
    plan = plan_for(world.trainee, owner=world.mentor.user, by=world.hr)
    first, second = plan.goals.all()
    client.force_login(world.mentor.user)
    data = {
        "reason": "改",
        "owner": "mentor",
        "status": "on_track",
        **goals(("新目标", "2026-12-20"), ("第二", "2026-12-22"), ("加一个", "2026-12-30"), initial=2),
    }
    data |= {"goals-0-pk": str(first.pk), "goals-1-pk": str(second.pk), "goals-1-DELETE": "on"}
    assert client.post(reverse("coaching_plan_edit", args=[plan.pk]), data).status_code == 302
    assert [g.text for g in plan.goals.all()] == ["新目标", "加一个"]
    with pytest.raises(CoachingError):
        update_plan(
            plan=plan,
            reason="x",
            owner=world.mentor.user,
            status="open",
            by=world.hr,
            goals=[GoalRow("新目标", TODAY, pk=first.pk, delete=True)],
        )


def test_hr_sees_every_plan_a_mentor_their_own_and_their_mentees(client, world):
    mine = plan_for(world.trainee, owner=world.hr, by=world.hr)  # about the mentor's mentee
    theirs = plan_for(world.outsider, owner=world.hr, by=world.hr)
    client.force_login(world.mentor.user)
    assert [p.pk for p in client.get(reverse("coaching_plans")).context["page"]] == [mine.pk]
    client.force_login(world.hr)
    assert {p.pk for p in client.get(reverse("coaching_plans")).context["page"]} == {mine.pk, theirs.pk}


@pytest.mark.parametrize("plans", [2, 7])
def test_the_plan_list_runs_the_same_queries_whatever_the_number_of_plans(
    client, world, django_assert_num_queries, plans
):
    for _ in range(plans):
        plan_for(EmployeeFactory(), owner=world.mentor.user, by=world.hr)
    client.force_login(world.hr)
    client.get(reverse("coaching_plans"))  # warm up the session
    # Session, user, roles; the number of plans, the bell's unread count, the page of plans (with employee,
    # owner and goal counts in the same query).
    with django_assert_num_queries(6):
        response = client.get(reverse("coaching_plans"))
    assert len(response.context["page"]) == plans


# --- reminders ------------------------------------------------------------------------------


def coaching_notes(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=Kind.COACHING_DUE))


def test_the_owner_is_reminded_once_a_day_of_goals_and_check_ins_due(world):
    plan = plan_for(world.trainee, owner=world.mentor.user, by=world.hr, due=TODAY)
    assert send_coaching_reminders(on=TODAY - timedelta(days=1)) == 0  # nothing due yet
    assert send_coaching_reminders(on=TODAY) == 1
    assert send_coaching_reminders(on=TODAY) == 0
    [note] = coaching_notes(world.mentor.user)
    assert note.url == reverse("coaching_plan_detail", args=[plan.pk]) and "张小花" in note.body
    assert send_coaching_reminders(on=TODAY + timedelta(days=1)) == 1  # still overdue the next day


def test_no_reminder_for_goals_reached_or_closed_plans(world):
    plan = plan_for(world.trainee, owner=world.mentor.user, by=world.hr, due=TODAY)
    plan.goals.update(done_at=datetime(2026, 11, 30, tzinfo=SHANGHAI))
    assert send_coaching_reminders(on=TODAY + timedelta(days=30)) == 0
    CoachingPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.CANCELLED, next_check_in=TODAY)
    assert send_coaching_reminders(on=TODAY) == 0


def test_a_check_in_due_reminds_the_owner(world):
    plan = plan_for(world.trainee, owner=world.hr, by=world.hr, due=TODAY + timedelta(days=20))
    CoachingPlan.objects.filter(pk=plan.pk).update(next_check_in=TODAY)
    assert send_coaching_reminders(on=TODAY) == 1
    assert len(coaching_notes(world.hr)) == 1


# --- the employee page ----------------------------------------------------------------------


def test_the_employee_page_shows_the_plans_and_their_changes_on_the_timeline(client, world):
    plan = plan_for(world.trainee, owner=world.mentor.user, by=world.hr)
    update_plan(
        plan=plan,
        reason=plan.reason,
        owner=world.mentor.user,
        status=PlanStatus.AT_RISK,
        by=world.hr,
        goals=[GoalRow(g.text, g.due_date, pk=g.pk) for g in plan.goals.all()],
    )
    client.force_login(world.hr)
    page = client.get(reverse("employee_detail", args=[world.trainee.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("coaching_plan_detail", args=[plan.pk]) in page
    assert f"Coaching plan no. {plan.pk}" in page and "Open → At risk" in page
    assert reverse("coaching_plan_create") + f"?employee={world.trainee.pk}" in page


def test_nobody_owns_their_own_plan(world):
    lead = EmployeeFactory(user=UserFactory(roles=["mentor"]))
    with pytest.raises(CoachingError):
        plan_for(lead, owner=lead.user, by=world.hr)
