"""The training score sheet (培训评分表): trainees rate a day's sessions once; HR reads averages.

The trainee's cohort starts Monday 2026-11-16: day 1 has four trainer-led sessions, day 4
(Thursday 11-19) two shadowing sessions led by the trainee's mentor 王师傅.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from assessments import ratings as ratings_module
from assessments.models import SessionRating
from assessments.ratings import (
    RatingError,
    SessionScore,
    item_averages,
    leader_averages,
    load_rating_day,
    rate_day,
    ratings_between,
)
from tests.factories import EmployeeFactory, UserFactory
from training.models import Attendance, ItemRecord, PlanItem
from training.services import enroll

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY_ONE = date(2026, 11, 16)
DAY_FOUR = date(2026, 11, 19)
AVERAGES_URL = "/ratings/averages/"


def text(response) -> str:
    """The page as a person reads it (entities such as &#x27; unescaped)."""
    return html.unescape(response.content.decode())


def at(day: date, hour: int = 13, minute: int = 0):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are checked in the source language, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def trainee_client(client, world):
    client.force_login(world.trainee.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def items_of(world, day_number: int) -> list[PlanItem]:
    return list(PlanItem.objects.filter(template=world.enrollment.plan, day_number=day_number))


def rate_url(world, on: date) -> str:
    return f"/ratings/{world.enrollment.pk}/{on.isoformat()}/"


def form_data(items: list[PlanItem], *scores: tuple[object, object, object], comment: str = "") -> dict[str, object]:
    """POST data: the given scores for the first items, (4, 4, 4) for the rest."""
    data: dict[str, object] = {}
    for n, item in enumerate(items):
        content, delivery, usefulness = scores[n] if n < len(scores) else (4, 4, 4)
        data |= {
            f"content_{item.pk}": content,
            f"delivery_{item.pk}": delivery,
            f"usefulness_{item.pk}": usefulness,
            f"comment_{item.pk}": comment,
        }
    return data


def give(world, on: date, items: list[PlanItem], *scores: tuple[int, int, int], enrollment=None, employee=None):
    """Rate through the service, as the trainee (or another enrolled employee), at 13:00 that day."""
    enrollment = enrollment or world.enrollment
    employee = employee or world.trainee
    with at(on):
        return rate_day(
            enrollment=enrollment,
            on_date=on,
            ratings=[SessionScore(i.pk, *scores[n % len(scores)]) for n, i in enumerate(items)],
            by_user=employee.user,
        )


# ---------------------------------------------------------------------------- rating a day


def test_trainee_rates_day_one_after_noon_and_then_sees_what_they_gave(trainee_client, world):
    items = items_of(world, 1)
    assert [i.topic for i in items] == ["破冰", "行业介绍", "企业文化与规章制度", "客服职责与服务规范"]
    with at(DAY_ONE, 12, 0):
        page = trainee_client.get(rate_url(world, DAY_ONE))
        assert page.status_code == 200
        assert [s.item.topic for s in page.context["day"].open_sessions] == [i.topic for i in items]
        response = trainee_client.post(
            rate_url(world, DAY_ONE), form_data(items, (5, 4, 3), comment="讲得很清楚"), follow=True
        )
    assert response.redirect_chain[-1][0] == rate_url(world, DAY_ONE)
    assert "Thank you: 4 ratings saved." in response.content.decode()
    saved = {r.item_id: r for r in SessionRating.objects.filter(enrollment=world.enrollment)}
    assert len(saved) == 4
    first = saved[items[0].pk]
    assert (first.content, first.delivery, first.usefulness, first.comment) == (5, 4, 3, "讲得很清楚")
    assert first.trainer == world.trainer and first.mentor is None and first.leader_name == "李雪"
    # Read only afterwards: no form, the scores given are shown.
    page = response.content.decode()
    assert response.context["day"].can_rate is False
    assert 'class="rating-form"' not in page
    assert "You have rated every session of this day." in page
    assert "★★★★★" in page and "讲得很清楚" in page


def test_a_second_rating_is_refused_and_nothing_changes(trainee_client, world):
    items = items_of(world, 1)
    give(world, DAY_ONE, items, (5, 5, 5))
    with at(DAY_ONE, 15), pytest.raises(RatingError, match="already rated “破冰”"):
        rate_day(
            enrollment=world.enrollment,
            on_date=DAY_ONE,
            ratings=[SessionScore(items[0].pk, 1, 1, 1)],
            by_user=world.trainee.user,
        )
    with at(DAY_ONE, 15):
        response = trainee_client.post(rate_url(world, DAY_ONE), form_data(items, (1, 1, 1)), follow=True)
    assert "You have rated every session of this day already." in response.content.decode()
    assert SessionRating.objects.count() == 4
    assert set(SessionRating.objects.values_list("content", "delivery", "usefulness")) == {(5, 5, 5)}


def test_a_race_on_the_unique_constraint_is_refused_and_writes_nothing(world, monkeypatch):
    """Two windows submit at once: both pass the "rated before" check, the second insert meets the
    unique constraint. None of the second batch is saved, and the message is a clear one."""
    items = items_of(world, 1)
    give(world, DAY_ONE, items[:1], (5, 5, 5))
    real = ratings_module.load_rating_day

    def stale(*args, **kwargs):  # what the second window read before the first one committed
        day = real(*args, **kwargs)
        for session in day.sessions:
            session.rating = None
        return day

    monkeypatch.setattr(ratings_module, "load_rating_day", stale)
    with at(DAY_ONE, 15), pytest.raises(RatingError, match="already rated these sessions"):
        rate_day(
            enrollment=world.enrollment,
            on_date=DAY_ONE,
            ratings=[SessionScore(i.pk, 1, 1, 1) for i in items],
            by_user=world.trainee.user,
        )
    assert list(SessionRating.objects.values_list("item_id", "content")) == [(items[0].pk, 5)]


@pytest.mark.parametrize(
    ("now", "on", "message"),
    [
        (datetime(2026, 11, 16, 11, 59, tzinfo=SHANGHAI), DAY_ONE, "Today's sessions can be rated from 12:00."),
        (datetime(2026, 11, 16, 18, 0, tzinfo=SHANGHAI), date(2026, 11, 17), "has not come yet"),
        (datetime(2026, 11, 23, 13, 0, tzinfo=SHANGHAI), date(2026, 11, 21), "is a day off"),
        (datetime(2026, 11, 20, 13, 0, tzinfo=SHANGHAI), DAY_ONE, "until 3 working days after their day"),
    ],
    ids=["before-noon", "future-day", "weekend", "four-working-days-later"],
)
def test_outside_the_rating_window_is_refused_with_a_message(trainee_client, world, now, on, message):
    items = items_of(world, 1)
    with time_machine.travel(now, tick=False):
        page = trainee_client.get(rate_url(world, on))
        assert message in text(page)
        assert 'class="rating-form"' not in text(page)
        response = trainee_client.post(rate_url(world, on), form_data(items), follow=True)
        assert message in text(response)
        with pytest.raises(RatingError, match=message):
            rate_day(
                enrollment=world.enrollment,
                on_date=on,
                ratings=[SessionScore(items[0].pk, 3, 3, 3)],
                by_user=world.trainee.user,
            )
    assert not SessionRating.objects.exists()


def test_a_day_can_still_be_rated_three_working_days_later(world):
    with at(DAY_FOUR, 9):  # Thursday morning: Wed, Tue and Mon are the three working days back
        saved = rate_day(
            enrollment=world.enrollment,
            on_date=DAY_ONE,
            ratings=[SessionScore(items_of(world, 1)[0].pk, 4, 4, 4)],
            by_user=world.trainee.user,
        )
    assert len(saved) == 1


def test_an_exam_day_has_nothing_to_rate(trainee_client, world):
    with at(date(2026, 11, 26)):  # day 9: the pass exams
        response = trainee_client.get(rate_url(world, date(2026, 11, 26)))
    assert response.context["day"].sessions == []
    assert "There are no sessions to rate" in response.content.decode()


def test_a_session_marked_absent_is_not_offered(world):
    items = items_of(world, 1)
    ItemRecord.objects.create(enrollment=world.enrollment, item=items[0], attendance=Attendance.ABSENT)
    with at(DAY_ONE):
        day = load_rating_day(world.enrollment, DAY_ONE)
        with pytest.raises(RatingError, match="not one of the sessions"):
            rate_day(
                enrollment=world.enrollment,
                on_date=DAY_ONE,
                ratings=[SessionScore(items[0].pk, 3, 3, 3)],
                by_user=world.trainee.user,
            )
    assert [s.item.topic for s in day.sessions] == [i.topic for i in items[1:]]


def test_a_tampered_enrollment_is_a_404_and_saves_nothing(trainee_client, world):
    theirs = world.outsider.enrollments.get()
    url = f"/ratings/{theirs.pk}/{DAY_ONE.isoformat()}/"
    items = items_of(world, 1)
    with at(DAY_ONE):
        assert trainee_client.get(url).status_code == 404
        assert trainee_client.post(url, form_data(items)).status_code == 404
        with pytest.raises(RatingError, match="Only the trainee"):
            rate_day(
                enrollment=theirs,
                on_date=DAY_ONE,
                ratings=[SessionScore(items[0].pk, 3, 3, 3)],
                by_user=world.trainee.user,
            )
    assert not SessionRating.objects.exists()


def test_a_tampered_item_id_is_refused_or_ignored(trainee_client, world):
    day_two = items_of(world, 2)[0]
    with at(DAY_ONE), pytest.raises(RatingError, match="not one of the sessions"):
        rate_day(
            enrollment=world.enrollment,
            on_date=DAY_ONE,
            ratings=[SessionScore(day_two.pk, 3, 3, 3)],
            by_user=world.trainee.user,
        )
    # Through the page, fields for an item that is not on the sheet are simply not read.
    with at(DAY_ONE):
        trainee_client.post(rate_url(world, DAY_ONE), form_data(items_of(world, 1) + [day_two]))
    assert set(SessionRating.objects.values_list("item__day_number", flat=True)) == {1}


def test_a_bad_date_in_the_url_is_a_404(trainee_client, world):
    assert trainee_client.get(f"/ratings/{world.enrollment.pk}/2026-02-30/").status_code == 404


@pytest.mark.parametrize("bad", [0, 6, "x", ""])
def test_a_bad_score_is_shown_again_with_errors_and_nothing_is_saved(trainee_client, world, bad):
    items = items_of(world, 1)
    with at(DAY_ONE):
        response = trainee_client.post(rate_url(world, DAY_ONE), form_data(items, (5, bad, 2), comment="好"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {f"delivery_{items[0].pk}": ["Choose a score from 1 to 5."]}
    page = response.content.decode()
    assert "Nothing was saved" in page and "Choose a score from 1 to 5." in page
    # What was given is kept: the other choices stay checked, the comment stays typed.
    assert (
        f'name="content_{items[0].pk}" id="id_content_{items[0].pk}_4" value="5" autocomplete="off" required checked'
        in page
    )
    assert ">好</textarea>" in page
    assert not SessionRating.objects.exists()


def test_scores_outside_one_to_five_are_refused_by_the_service_too(world):
    item = items_of(world, 1)[0]
    for bad in (0, 6, True):
        with at(DAY_ONE), pytest.raises(RatingError, match="Scores go from 1 to 5"):
            rate_day(
                enrollment=world.enrollment,
                on_date=DAY_ONE,
                ratings=[SessionScore(item.pk, 3, bad, 3)],
                by_user=world.trainee.user,
            )
    assert not SessionRating.objects.exists()


def test_mentor_led_sessions_record_the_trainees_own_mentor(world):
    saved = give(world, DAY_FOUR, items_of(world, 4), (4, 5, 5))
    assert len(saved) == 2
    for rating in SessionRating.objects.filter(enrollment=world.enrollment):
        assert rating.mentor == world.mentor
        assert rating.trainer is None
        assert rating.leader_name == "王师傅"


def test_with_several_trainers_the_first_by_name_is_credited(world):
    world.cohort.trainers.add(world.other_trainer)  # 李雪 and 陈晨: 李 sorts before 陈 by code point
    give(world, DAY_ONE, items_of(world, 1)[:1], (3, 3, 3))
    rating = SessionRating.objects.get()
    assert rating.trainer == world.trainer
    assert rating.leader_name == "李雪、陈晨"


# ---------------------------------------------------------------------------- averages


@pytest.fixture
def rated(world):
    """Day 1 rated by the trainee and by a second trainee of the cohort, day 4 by the trainee,
    and day 1 by the outsider in the other cohort (trained by 陈晨)."""
    i1, i2, i3, i4 = items_of(world, 1)
    give(world, DAY_ONE, [i1, i2, i3, i4], (5, 4, 3), (4, 4, 4), (3, 2, 5), (2, 5, 1))
    second = EmployeeFactory(mentor=world.mentor)
    enroll(cohort=world.cohort, employees=[second])
    give(world, DAY_ONE, [i1], (5, 5, 5), enrollment=second.enrollments.get(), employee=second)
    give(world, DAY_FOUR, items_of(world, 4), (4, 4, 4), (2, 3, 5))
    give(world, DAY_ONE, [i1], (1, 1, 1), enrollment=world.outsider.enrollments.get(), employee=world.outsider)
    return i1


def test_averages_per_trainer_mentor_and_item(world, rated):
    ratings = ratings_between(date(2026, 11, 1), date(2026, 11, 30), cohort=world.cohort)
    leaders = {r.name: r for r in leader_averages(ratings)}
    assert set(leaders) == {"李雪", "王师傅"}
    trainer = leaders["李雪"]
    # content (5+4+3+2+5)/5, delivery (4+4+2+5+5)/5, usefulness (3+4+5+1+5)/5
    assert (trainer.count, trainer.trainees) == (5, 2)
    assert (trainer.content, trainer.delivery, trainer.usefulness) == (
        Decimal("3.80"),
        Decimal("4.00"),
        Decimal("3.60"),
    )
    assert trainer.overall == Decimal("3.80")
    assert trainer.kind == "Trainer"
    mentor = leaders["王师傅"]
    assert (mentor.count, mentor.content, mentor.delivery, mentor.usefulness) == (2, 3, Decimal("3.5"), Decimal("4.5"))
    assert mentor.overall == Decimal("3.67")
    assert mentor.kind == "Mentor"

    by_item = {r.item_id: r for r in item_averages(ratings)}
    first = by_item[rated.pk]
    assert (first.count, first.content, first.delivery, first.usefulness) == (2, 5, Decimal("4.5"), 4)
    assert [(r.day_number, r.topic) for r in item_averages(ratings)][0] == (1, "破冰")
    assert len(by_item) == 6


def test_averages_of_every_cohort_and_the_date_range(world, rated):
    everyone = {r.name: r.count for r in leader_averages(ratings_between(date(2026, 11, 1), date(2026, 11, 30)))}
    assert everyone == {"李雪": 5, "陈晨": 1, "王师傅": 2}
    # Sessions held from 11-17 on: only the shadowing days.
    later = {r.name: r.count for r in leader_averages(ratings_between(date(2026, 11, 17), date(2026, 11, 30)))}
    assert later == {"王师傅": 2}


def test_hr_sees_every_trainer_and_mentor_on_the_page(client, world, rated):
    client.force_login(world.hr)
    with at(date(2026, 11, 20)):
        response = client.get(AVERAGES_URL, {"since": "2026-11-01", "until": "2026-11-30"})
    assert response.status_code == 200
    assert [r.name for r in response.context["leaders"]] == ["李雪", "陈晨", "王师傅"]
    assert response.context["total"] == 8
    page = response.content.decode()
    assert "3.80" in page and "3.67" in page


def test_the_default_range_is_the_last_thirty_days(client, world, rated):
    with at(date(2027, 1, 31)):  # the sessions of November are out of range
        client.force_login(world.hr)
        response = client.get(AVERAGES_URL)
    assert response.context["form"].cleaned_data["since"] == date(2027, 1, 2)
    assert response.context["leaders"] == [] and response.context["items"] == []


def test_trainer_sees_their_own_row_and_the_items_of_their_cohorts_only(client, world, rated):
    client.force_login(world.trainer)
    with at(date(2026, 11, 20)):
        response = client.get(AVERAGES_URL, {"since": "2026-11-01", "until": "2026-11-30"})
    assert [r.name for r in response.context["leaders"]] == ["李雪"]
    by_item = {r.item_id: r for r in response.context["items"]}
    assert by_item[rated.pk].count == 2  # the outsider's rating of the same item is another cohort's
    page = response.content.decode()
    assert "陈晨" not in page and "王师傅" not in page


def test_trainer_asking_for_another_cohort_gets_an_error_and_no_figures(client, world, rated):
    client.force_login(world.trainer)
    with at(date(2026, 11, 20)):
        response = client.get(
            AVERAGES_URL, {"cohort": world.other_cohort.pk, "since": "2026-11-01", "until": "2026-11-30"}
        )
    assert response.status_code == 200
    assert "cohort" in response.context["form"].errors
    assert response.context["leaders"] == [] and response.context["items"] == []


def test_an_end_before_the_start_is_an_error(client, world):
    client.force_login(world.hr)
    response = client.get(AVERAGES_URL, {"since": "2026-11-30", "until": "2026-11-01"})
    assert "until" in response.context["form"].errors


@pytest.mark.parametrize("count", [3, 30])
def test_averages_page_query_count_does_not_grow_with_ratings(client, world, count):
    mentors = [EmployeeFactory(name=f"师傅{n}") for n in range(4)]
    trainees = [EmployeeFactory(mentor=mentors[n % 4]) for n in range(count // 6 + 1)]
    enroll(cohort=world.cohort, employees=trainees)
    items = items_of(world, 1) + items_of(world, 4)
    rows = []
    for trainee in trainees:
        enrollment = trainee.enrollments.get()
        for item in items:
            mentor = trainee.mentor if item.day_number == 4 else None
            trainer = world.trainer if mentor is None else None
            rows.append(
                SessionRating(
                    enrollment=enrollment,
                    item=item,
                    leader_name="x",
                    trainer=trainer,
                    mentor=mentor,
                    content=4,
                    delivery=3,
                    usefulness=5,
                )
            )
    SessionRating.objects.bulk_create(rows[:count])
    client.force_login(world.hr)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(AVERAGES_URL, {"cohort": world.cohort.pk, "since": "2026-11-01", "until": "2026-11-30"})
    assert response.status_code == 200
    assert response.context["total"] == count
    # session, user, roles, the chosen cohort, leader averages, item averages, the cohort choices
    assert len(ctx.captured_queries) == 8, [q["sql"] for q in ctx.captured_queries]


# ---------------------------------------------------------------------------- admin


def test_admin_shows_ratings_read_only(client, world, rated):
    client.force_login(world.hr)
    rating = SessionRating.objects.filter(enrollment=world.enrollment).first()
    assert client.get("/admin/assessments/sessionrating/").status_code == 200
    assert client.get("/admin/assessments/sessionrating/add/").status_code == 403
    # The averages page links each item to its comments this way.
    filtered = client.get("/admin/assessments/sessionrating/", {"item__id__exact": rated.pk})
    assert filtered.context["cl"].result_count == 3
    page = client.get(f"/admin/assessments/sessionrating/{rating.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert client.post(f"/admin/assessments/sessionrating/{rating.pk}/change/", {"content": 1}).status_code == 403
    rating.refresh_from_db()
    assert rating.content != 1


def test_admin_shows_trainers_the_ratings_of_their_cohorts_only(client, world, rated):
    client.force_login(world.trainer)
    response = client.get("/admin/assessments/sessionrating/")
    assert response.status_code == 200
    shown = {r.enrollment.cohort_id for r in response.context["cl"].result_list}
    assert shown == {world.cohort.pk}


def test_a_trainee_is_not_staff_and_a_stranger_cannot_rate(client, world):
    stranger = UserFactory(roles=["trainee"])
    client.force_login(stranger)
    assert client.get(rate_url(world, DAY_ONE)).status_code == 404


def test_admin_filters_by_trainer_by_name_and_ignores_a_junk_value(client, world, rated):
    client.force_login(world.hr)
    page = client.get("/admin/assessments/sessionrating/")
    assert "李雪" in page.content.decode() and "陈晨" in page.content.decode()
    assert (
        client.get("/admin/assessments/sessionrating/", {"trainer": world.trainer.pk}).context["cl"].result_count == 5
    )
    assert client.get("/admin/assessments/sessionrating/", {"trainer": "x"}).context["cl"].result_count == 8
