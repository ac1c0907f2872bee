"""Hostile input gets a clear answer (400 with a message, 404, a form error or a fallback), never a 500.
The fuzzing of every URL is tests/test_hostile_input.py; these pin each rule it relies on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer, Attempt, Exam
from notifications.models import Notification
from training.models import CalendarDay, Cohort


@pytest.fixture(autouse=True)
def _chinese(client, settings) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"


@pytest.fixture
def open_attempt(world) -> Attempt:
    now = timezone.now()
    exam = Exam.objects.get(code="business-knowledge")
    attempt = Attempt.objects.create(
        exam=exam, employee=world.trainee, started_at=now, deadline=now + timedelta(minutes=30)
    )
    Answer.objects.create(attempt=attempt, order=1, type="short", points=5, snapshot={"text": "问"})
    return attempt


def test_a_nul_in_a_query_string_is_refused_with_a_message_in_chinese(client, world):
    client.force_login(world.hr)
    response = client.get("/admin/employees/employee/", {"q": "张\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode() and "删除" in response.content.decode()


def test_a_nul_in_a_posted_form_is_refused_and_nothing_is_written(client, world):
    client.force_login(world.hr)
    response = client.post(f"/employees/{world.trainee.pk}/status/", {"to_status": "left", "reason": "离职\x00"})
    assert response.status_code == 400
    world.trainee.refresh_from_db()
    assert world.trainee.status != "left"


def test_a_nul_in_an_exam_answer_is_refused_to_the_autosave_as_json(client, world, open_attempt):
    client.force_login(world.trainee.user)
    response = client.post(
        f"/attempts/{open_attempt.pk}/answer/", {"order": "1", "value": "答\x00案"}, headers={"Sec-Fetch-Mode": "cors"}
    )
    assert response.status_code == 400
    assert response.json()["saved"] is False and "NUL" in response.json()["error"]
    assert open_attempt.answers.get().response in (None, "", {})


def test_a_nul_in_a_json_body_is_refused(client, world, open_attempt):
    client.force_login(world.trainee.user)
    response = client.post(
        f"/attempts/{open_attempt.pk}/answer/", '{"value": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400


def test_an_id_no_database_column_can_hold_is_a_404(client, world):
    client.force_login(world.hr)
    assert client.get("/cohorts/99999999999999999999/").status_code == 404
    assert (
        client.get(f"/cohorts/{world.cohort.pk}/practicals/9223372036854775808/receiving-presale/").status_code == 404
    )


def test_a_huge_id_posted_for_a_multiple_choice_is_an_invalid_choice(client, world):
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/members/add/", {"employees": ["99999999999999999999"]})
    assert response.status_code == 200
    assert "employees" in response.context["form"].errors  # the search shows no checkbox, so the error is an alert
    assert "alert-danger" in response.content.decode()


@pytest.mark.parametrize("d", ["9999-12-31", "0001-01-01", "2026-02-30", "\u0661\u0662"])
@pytest.mark.parametrize("path", ["/today/", "/week/"])
def test_today_and_week_fall_back_to_today_for_a_date_out_of_range(client, world, path, d):
    client.force_login(world.trainee.user)
    response = client.get(path, {"d": d})
    assert response.status_code == 200
    assert response.context["on"] == timezone.localdate()


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31", "1969-12-31"])
def test_a_roll_call_for_a_date_out_of_range_is_a_404(client, world, on):
    client.force_login(world.trainer)
    assert client.get(f"/cohorts/{world.cohort.pk}/roll-call/{on}/").status_code == 404
    assert client.post(f"/cohorts/{world.cohort.pk}/roll-call/{on}/", {}).status_code == 404


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
def test_moving_a_cohort_start_out_of_range_is_refused_with_a_form_error(client, world, start):
    client.force_login(world.hr)
    response = client.post(f"/cohorts/{world.cohort.pk}/move/", {"start_date": start})
    assert response.status_code == 200
    assert "请输入 1970-01-01 至 2100-12-31 之间的日期" in response.content.decode()
    assert Cohort.objects.get(pk=world.cohort.pk).start_date == world.cohort.start_date


def test_a_cohort_cannot_be_created_on_a_date_out_of_range(client, world):
    client.force_login(world.hr)
    data = {"name": "远期批", "tier": "new_hire", "start_date": "9999-12-31", "trainers": [world.trainer.pk]}
    response = client.post("/cohorts/new/", data)
    assert response.status_code == 200
    assert not Cohort.objects.filter(name="远期批").exists()


def test_a_next_that_is_not_a_path_leads_to_the_notification_list(client, world):
    note = Notification.objects.create(user=world.trainee.user, kind="daily_plan", title="今日安排", url="/today/")
    client.force_login(world.trainee.user)
    response = client.post(f"/notifications/{note.pk}/read/", {"next": "-1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_a_report_asked_for_with_a_superscript_digit_as_cohort_is_a_404(client, world):
    client.force_login(world.hr)
    assert client.post("/reports/request/", {"kind": "cohort", "cohort": "²"}).status_code == 404


def test_a_report_week_out_of_range_is_refused_with_a_message(client, world):
    client.force_login(world.hr)
    response = client.post("/reports/request/", {"kind": "weekly", "week_start": "9999-12-27"}, follow=True)
    assert response.status_code == 200
    assert "请输入 1970-01-01 至 2100-12-31 之间的日期" in response.content.decode()


# ---------------------------------------------------------------------------- the admin


@pytest.mark.parametrize(
    "query",
    [
        {"q": "客服 " * 20_000},
        {"q": "x" * 201},
        {"q": " ".join(["张"] * 11)},
        {"changed_at__year": "9999"},
        {"changed_at__year": "99999999999999999999"},
        {"employee__id__exact": "99999999999999999999"},
        {"pk__in": "1,99999999999999999999"},
    ],
    ids=["100kB", "201 chars", "11 words", "year 9999", "huge year", "huge id", "huge id in a list"],
)
def test_the_admin_refuses_oversized_searches_and_filters_with_a_message(client, world, query):
    client.force_login(world.hr)
    response = client.get("/admin/employees/statuschange/", query)
    assert response.status_code == 400
    assert 'class="errornote"' in response.content.decode()


def test_the_admin_still_searches_and_drills_down_within_the_limits(client, world):
    client.force_login(world.hr)
    assert client.get("/admin/employees/statuschange/", {"q": "张小花 入职"}).status_code == 200
    assert client.get("/admin/employees/statuschange/", {"changed_at__year": "2026"}).status_code == 200


def test_the_admin_refuses_a_holiday_out_of_range_with_a_form_error(client, world):
    client.force_login(world.hr)
    response = client.post("/admin/training/calendarday/add/", {"date": "9999-12-31", "name": "末日"})
    assert response.status_code == 200
    assert "请输入 1970-01-01 至 2100-12-31 之间的日期" in response.content.decode()
    assert not CalendarDay.objects.exists()
    response = client.post("/admin/training/calendarday/add/", {"date": "2027-02-08", "name": "春节"})
    assert response.status_code == 302 and CalendarDay.objects.get().date == date(2027, 2, 8)


def test_the_admin_autocomplete_reshows_a_form_with_a_non_number(admin_client, world):
    response = admin_client.post("/admin/assessments/practicalassessment/add/", {"employee": "abc"})
    assert response.status_code == 200
