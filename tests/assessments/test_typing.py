"""打字测试: scoring, the server's clock and its signed token, stored results, and who sees what."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.urls import reverse

from assessments.models import TypingPassage, TypingResult
from assessments.seeds import typing as seed
from assessments.typing_test import (
    GRACE_SECONDS,
    TOKEN_SALT,
    TokenReusedError,
    TypingError,
    best_of,
    count_correct,
    counted_seconds,
    issue_token,
    mark_errors,
    read_token,
    record_result,
    score,
)
from tests.assessments.exam_fixtures import at
from tests.conftest import World, login_as
from tests.factories import EmployeeFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 19, 10, 0, tzinfo=SHANGHAI)
GREETING = "亲，您好！欢迎光临本店，请问有什么可以帮您？"  # 22 characters

pytestmark = pytest.mark.usefixtures("english")  # messages in English: see conftest.py


def scored(typed: str, *, passage: str = GREETING, seconds: float = 60, min_cpm: int = 10, min_accuracy: int = 90):
    return score(passage_text=passage, typed=typed, elapsed_seconds=seconds, min_cpm=min_cpm, min_accuracy=min_accuracy)


@pytest.fixture
def passage(db) -> TypingPassage:
    return TypingPassage.objects.create(
        title="测试：问候", text=GREETING, duration_seconds=60, min_cpm=10, min_accuracy=90
    )


# ---------------------------------------------------------------------------- scoring


def test_an_exact_copy_is_all_correct():
    result = scored(GREETING, seconds=30)
    assert (result.characters, result.correct_characters) == (22, 22)
    assert result.accuracy == Decimal("100.0")
    assert result.cpm == Decimal("44.0")  # 22 correct characters in half a minute
    assert result.passed


def test_wrong_characters_count_against_accuracy_but_not_as_typed_characters():
    result = scored("亲，您好！欢迎光临本店，请问有什么可以帮您？".replace("本店", "本点"))
    assert (result.characters, result.correct_characters) == (22, 21)
    assert result.accuracy == Decimal("95.4")  # 21 / 22 = 95.45…, rounded down


def test_a_chinese_passage_typed_with_homophones_scores_only_the_right_characters():
    passage = seed.PASSAGES[1][1]  # 物流延误致歉
    typed = passage[:40].replace("抱歉", "包歉").replace("包裹", "包过").replace("天气", "天汽")
    result = scored(typed, passage=passage, seconds=60, min_cpm=30, min_accuracy=95)
    assert result.characters == 40
    assert result.correct_characters == 37
    assert result.accuracy == Decimal("92.5")
    assert result.cpm == Decimal("37.0")
    assert not result.passed  # fast enough, not accurate enough


def test_a_text_shorter_than_the_passage_costs_speed_not_accuracy():
    result = scored(GREETING[:11], seconds=60)
    assert (result.characters, result.correct_characters) == (11, 11)
    assert result.accuracy == Decimal("100.0")
    assert result.cpm == Decimal("11.0")


def test_extra_text_counts_as_wrong_text():
    result = scored(GREETING + "谢谢亲")
    assert (result.characters, result.correct_characters) == (25, 22)
    assert result.accuracy == Decimal("88.0")


def test_a_skipped_character_does_not_shift_the_rest_out_of_line():
    typed = GREETING.replace("欢迎", "欢")  # one character left out, the rest typed right
    assert count_correct(GREETING, typed) == 21


def test_full_and_half_width_forms_of_the_same_punctuation_are_equal():
    half = "亲,您好!欢迎光临本店,请问有什么可以帮您?"
    assert scored(half).correct_characters == 22
    assert count_correct("满１００元减１０元：", "满100元减10元:") == 10


def test_marks_without_a_half_width_twin_still_differ():
    assert count_correct("好的。", "好的.") == 2
    assert count_correct("好的、谢谢", "好的,谢谢") == 4


def test_a_mark_nfkc_would_expand_is_compared_as_itself():
    # NFKC turns "…" into "...": folding it would credit three characters for one.
    assert count_correct("稍等…", "稍等…") == 3
    assert count_correct("稍等…", "稍等...") == 2


def test_line_ends_and_trailing_whitespace_are_not_typing():
    result = scored(GREETING[:11] + "\r\n  \n")
    assert result.characters == 11
    assert scored("亲，您好！\r\n欢迎").characters == 8  # CRLF counts as one character, and it is wrong


def test_mark_errors_cuts_the_typed_text_into_right_and_wrong_runs():
    assert mark_errors("您好，欢迎光临", "你好，欢迎光临呀") == [
        ("你", False),
        ("好，欢迎光临", True),
        ("呀", False),
    ]


def test_the_elapsed_time_is_capped_at_the_duration_plus_the_grace():
    counted = counted_seconds(started_at=T0, finished_at=T0 + timedelta(hours=3), duration_seconds=120)
    assert counted == 120 + GRACE_SECONDS
    assert counted_seconds(started_at=T0, finished_at=T0 + timedelta(seconds=75), duration_seconds=120) == 75


def test_zero_time_counts_as_one_second_so_speed_stays_finite():
    assert counted_seconds(started_at=T0, finished_at=T0, duration_seconds=120) == 1
    result = scored("亲，您好！", seconds=0)
    assert result.elapsed_seconds == 1
    assert result.cpm == Decimal("300.0")


def test_nothing_typed_scores_zero_without_dividing_by_zero():
    result = scored("   ")
    assert (result.characters, result.correct_characters, result.accuracy, result.cpm) == (0, 0, 0, 0)
    assert not result.passed


@pytest.mark.parametrize(
    ("typed", "seconds", "passed"),
    [
        ("亲，您好！欢迎光临本店，请问有什么可以帮您？", 132, True),  # 10.0 chars/min, 100%: exactly at the bar
        ("亲，您好！欢迎光临本店，请问有什么可以帮您？", 133, False),  # 9.9 chars/min
        ("亲，您好！欢迎光临本店，请问有什么可以帮你？", 60, True),  # 95.4%, over 90
        ("亲，你好！欢迎光临本店，请问有什么可以帮你？", 60, True),  # 90.9%
        ("亲，你好！欢迎光临本店，情问有什么可以帮你？", 60, False),  # 86.3%
    ],
)
def test_a_pass_needs_both_the_speed_and_the_accuracy(typed, seconds, passed):
    assert scored(typed, seconds=seconds).passed is passed


def test_seeded_passages_are_chinese_replies_of_the_right_length_with_the_default_thresholds(db):
    passages = TypingPassage.objects.filter(title__in=[title for title, _ in seed.PASSAGES])
    assert passages.count() == len(seed.PASSAGES) == 5
    for p in passages:
        assert 80 <= len(p.text) <= 200
        assert (p.min_cpm, p.min_accuracy) == (60, 95)
        assert "，" in p.text and "。" in p.text and "," not in p.text


def test_seeding_twice_changes_nothing(db):
    from django.apps import apps

    TypingPassage.objects.filter(title=seed.PASSAGES[0][0]).update(min_cpm=45)
    seed.install(apps)
    assert TypingPassage.objects.filter(title__in=[t for t, _ in seed.PASSAGES]).count() == 5
    assert TypingPassage.objects.get(title=seed.PASSAGES[0][0]).min_cpm == 45  # HR's edit is kept


def test_best_prefers_a_pass_then_speed():
    def r(cpm: str, passed: bool) -> TypingResult:
        return TypingResult(cpm=Decimal(cpm), accuracy=Decimal("96"), passed=passed, finished_at=T0)

    fast_fail, slow_pass, faster_pass = r("120", False), r("61", True), r("70", True)
    assert best_of([fast_fail, slow_pass, faster_pass]) is faster_pass
    assert best_of([]) is None


# ---------------------------------------------------------------------------- the token


def test_a_token_names_its_employee_passage_and_start_to_the_microsecond(world: World, passage):
    start = T0 + timedelta(microseconds=123456)
    token = issue_token(passage=passage, employee=world.trainee, now=start)
    assert read_token(token, passage=passage, employee=world.trainee) == start


def test_a_tampered_token_is_refused(world: World, passage):
    token = issue_token(passage=passage, employee=world.trainee, now=T0)
    forged = signing.dumps({"p": passage.pk, "e": world.trainee.pk, "t": 0}, salt="someone-else")
    for bad in (token[:-2] + "xx", forged, "", "not-a-token"):
        with pytest.raises(TypingError, match="altered"):
            read_token(bad, passage=passage, employee=world.trainee)


def test_a_signed_token_of_the_wrong_shape_is_refused_not_a_server_error(world: World, passage):
    odd = signing.dumps(["p", passage.pk], salt=TOKEN_SALT)
    with pytest.raises(TypingError):
        read_token(odd, passage=passage, employee=world.trainee)


def test_another_employees_token_is_refused(world: World, passage):
    token = issue_token(passage=passage, employee=world.outsider, now=T0)
    with pytest.raises(TypingError, match="another account"):
        read_token(token, passage=passage, employee=world.trainee)


def test_a_token_for_another_passage_is_refused(world: World, passage):
    other = TypingPassage.objects.exclude(pk=passage.pk).first()
    token = issue_token(passage=other, employee=world.trainee, now=T0)
    with pytest.raises(TypingError, match="another passage"):
        read_token(token, passage=passage, employee=world.trainee)


def test_a_token_is_scored_once(world: World, passage):
    token = issue_token(passage=passage, employee=world.trainee, now=T0)
    record_result(passage=passage, employee=world.trainee, token=token, typed=GREETING, now=T0 + timedelta(seconds=30))
    with pytest.raises(TokenReusedError):
        record_result(
            passage=passage, employee=world.trainee, token=token, typed=GREETING, now=T0 + timedelta(seconds=40)
        )
    assert TypingResult.objects.filter(employee=world.trainee).count() == 1


def test_an_old_token_is_scored_over_the_capped_time(world: World, passage):
    token = issue_token(passage=passage, employee=world.trainee, now=T0)
    result = record_result(
        passage=passage, employee=world.trainee, token=token, typed=GREETING, now=T0 + timedelta(days=2)
    )
    assert result.cpm == Decimal("18.8")  # 22 characters over 60 + 10 seconds, not two days
    assert result.started_at == T0 and result.finished_at == T0 + timedelta(days=2)


def test_a_text_far_longer_than_the_passage_is_not_aligned(world: World, passage):
    token = issue_token(passage=passage, employee=world.trainee, now=T0)
    with pytest.raises(TypingError, match="far longer"):
        record_result(passage=passage, employee=world.trainee, token=token, typed="好" * 5000, now=T0)


# ---------------------------------------------------------------------------- the pages


@pytest.fixture
def trainee_client(client, world: World):
    login_as(client, world, "trainee")
    return client


def open_test(client, passage: TypingPassage) -> str:
    response = client.get(reverse("typing_test", args=[passage.pk]))
    assert response.status_code == 200
    return response.context["token"]


def test_the_server_measures_the_time_and_stores_the_result(trainee_client, world: World, passage):
    with at(T0):
        token = open_test(trainee_client, passage)
    typed = "亲，你好！欢迎光临本店，请问"  # 14 characters, one wrong
    with at(T0 + timedelta(seconds=30)):
        response = trainee_client.post(reverse("typing_test", args=[passage.pk]), {"token": token, "typed": typed})
    result = TypingResult.objects.get(employee=world.trainee)
    assert response.status_code == 302 and response["Location"] == reverse("typing_result", args=[result.pk])
    assert (result.characters, result.correct_characters) == (14, 13)
    assert result.cpm == Decimal("26.0")  # 13 correct in the 30 seconds the server counted
    assert result.accuracy == Decimal("92.8")
    assert result.passed
    assert result.typed_text == typed
    assert (result.started_at, result.finished_at) == (T0, T0 + timedelta(seconds=30))

    page = trainee_client.get(response["Location"])
    assert page.context["result"] == result
    assert 'data-value="26.0"' in page.content.decode() and 'data-value="92.8"' in page.content.decode()


def test_the_clock_restarts_at_the_first_character(trainee_client, world: World, passage):
    with at(T0):
        open_test(trainee_client, passage)
    with at(T0 + timedelta(seconds=45)):  # the trainee read the passage first
        started = trainee_client.post(reverse("typing_start", args=[passage.pk]))
    assert started.status_code == 200
    with at(T0 + timedelta(seconds=75)):
        trainee_client.post(
            reverse("typing_test", args=[passage.pk]), {"token": started.json()["token"], "typed": GREETING}
        )
    assert TypingResult.objects.get(employee=world.trainee).cpm == Decimal("44.0")  # over 30 s, not 75


def test_a_tampered_token_gets_a_400_with_a_clear_message(trainee_client, world: World, passage):
    with at(T0):
        token = open_test(trainee_client, passage)
    response = trainee_client.post(reverse("typing_test", args=[passage.pk]), {"token": token + "x", "typed": "亲"})
    assert response.status_code == 400
    assert "altered" in response.context["reason"]
    assert not TypingResult.objects.exists()


def test_another_employees_token_gets_a_400(client, world: World, passage):
    login_as(client, world, "outsider")
    with at(T0):
        token = open_test(client, passage)
    client.logout()
    login_as(client, world, "trainee")
    response = client.post(reverse("typing_test", args=[passage.pk]), {"token": token, "typed": GREETING})
    assert response.status_code == 400
    assert "another account" in response.context["reason"]
    assert not TypingResult.objects.exists()


def test_a_reused_token_is_refused(trainee_client, world: World, passage):
    with at(T0):
        token = open_test(trainee_client, passage)
    url = reverse("typing_test", args=[passage.pk])
    with at(T0 + timedelta(seconds=30)):
        assert trainee_client.post(url, {"token": token, "typed": GREETING}).status_code == 302
        again = trainee_client.post(url, {"token": token, "typed": GREETING + GREETING})
    assert again.status_code == 409
    assert "already been submitted" in again.context["reason"]
    assert TypingResult.objects.filter(employee=world.trainee).count() == 1


def test_handing_in_nothing_records_nothing(trainee_client, world: World, passage):
    with at(T0):
        token = open_test(trainee_client, passage)
    response = trainee_client.post(reverse("typing_test", args=[passage.pk]), {"token": token, "typed": " \r\n"})
    assert response.status_code == 302 and response["Location"] == reverse("typing_test", args=[passage.pk])
    assert not TypingResult.objects.exists()


def test_an_inactive_passage_cannot_be_taken(trainee_client, passage):
    passage.is_active = False
    passage.save()
    assert trainee_client.get(reverse("typing_test", args=[passage.pk])).status_code == 404
    assert trainee_client.post(reverse("typing_start", args=[passage.pk])).status_code == 404


def make_results(employee, passage: TypingPassage, count: int) -> list[TypingResult]:
    return [
        TypingResult.objects.create(
            employee=employee,
            passage=passage,
            started_at=T0 + timedelta(minutes=i),
            finished_at=T0 + timedelta(minutes=i, seconds=60),
            typed_text=GREETING,
            characters=22,
            correct_characters=22,
            cpm=Decimal(40 + i),
            accuracy=Decimal("100"),
            passed=True,
        )
        for i in range(count)
    ]


def test_the_list_shows_best_and_latest_and_feeds_the_chart(trainee_client, world: World, passage):
    make_results(world.trainee, passage, 3)
    make_results(world.outsider, passage, 1)  # not the trainee's
    response = trainee_client.get(reverse("typing_list"))
    row = next(r for r in response.context["rows"] if r["passage"] == passage)
    assert row["attempts"] == 3
    assert row["best"].cpm == row["latest"].cpm == Decimal("42")
    assert response.context["chart"]["cpm"] == [40.0, 41.0, 42.0]
    page = response.content.decode()
    assert 'id="typing-history-data"' in page and "chart.umd.min.js" in page


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_costs_the_same_queries_however_many_results(
    trainee_client, world: World, passage, count, django_assert_num_queries
):
    make_results(world.trainee, passage, count)
    # session, user, the user's roles (navigation), the employee, the results with their passages, the passages
    with django_assert_num_queries(7):
        assert trainee_client.get(reverse("typing_list")).status_code == 200


def test_hr_sees_any_trainees_typing_history(client, world: World, passage):
    make_results(world.outsider, passage, 2)
    login_as(client, world, "hr")
    response = client.get(reverse("typing_employee", args=[world.outsider.pk]))
    assert response.status_code == 200
    assert response.context["total"] == 2


def test_a_trainer_sees_only_the_trainees_of_cohorts_they_train(client, world: World):
    login_as(client, world, "trainer")
    assert client.get(reverse("typing_employee", args=[world.trainee.pk])).status_code == 200
    assert client.get(reverse("typing_employee", args=[world.outsider.pk])).status_code == 404


def test_a_mentor_sees_only_their_mentees(client, world: World):
    stranger = EmployeeFactory(name="别人的徒弟", mentor=EmployeeFactory(name="另一位师傅"))
    login_as(client, world, "mentor")
    assert client.get(reverse("typing_employee", args=[world.trainee.pk])).status_code == 200
    assert client.get(reverse("typing_employee", args=[stranger.pk])).status_code == 404


def test_a_trainee_cannot_open_the_staff_history_page(trainee_client, world: World):
    assert trainee_client.get(reverse("typing_employee", args=[world.trainee.pk])).status_code == 403


def test_a_trainee_cannot_see_another_trainees_result(trainee_client, world: World, passage):
    (theirs,) = make_results(world.outsider, passage, 1)
    assert trainee_client.get(reverse("typing_result", args=[theirs.pk])).status_code == 404


def test_a_login_without_an_employee_record_cannot_take_a_test(client, world: World, passage):
    login_as(client, world, "hr")
    assert client.get(reverse("typing_test", args=[passage.pk])).status_code == 403


def test_the_admin_edits_thresholds_and_shows_results_read_only(client, world: World, passage):
    (result,) = make_results(world.trainee, passage, 1)
    login_as(client, world, "hr")
    assert client.get("/admin/assessments/typingpassage/").status_code == 200
    listing = client.get("/admin/assessments/typingresult/?q=张小花")
    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == [result]
    detail = client.get(f"/admin/assessments/typingresult/{result.pk}/change/")
    assert detail.status_code == 200 and not detail.context["has_change_permission"]
    assert client.get("/admin/assessments/typingresult/add/").status_code == 403
