"""A passage typed faster than a person can (pasted through the IME or sent by a script) is flagged
on the server's own numbers and does not pass; staff see the flag, the trainee a neutral message."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from assessments.models import TypingPassage, TypingResult
from assessments.typing_test import MAX_BURST_CHARS, MAX_HUMAN_CPM, MAX_PACE_POINTS, best_of, largest_burst, score
from tests.assessments.exam_fixtures import at

T0 = datetime(2026, 11, 19, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSAGE = "亲，您好！欢迎光临本店，请问有什么可以帮您？" * 5  # 110 characters


@pytest.mark.parametrize(
    ("seconds", "flagged"),
    [
        (16, True),  # 412 characters a minute
        (17, False),  # 388: a very fast typist
        (60, False),
    ],
)
def test_text_arriving_faster_than_a_person_types_is_flagged_and_does_not_pass(seconds, flagged):
    result = score(passage_text=PASSAGE, typed=PASSAGE, elapsed_seconds=seconds, min_cpm=10, min_accuracy=90)
    assert result.accuracy == 100 and result.cpm >= 10
    assert result.flagged is flagged
    assert result.passed is not flagged
    assert MAX_HUMAN_CPM == 400


def test_wrong_text_pasted_fast_is_flagged_too():
    result = score(passage_text=PASSAGE, typed="错" * 110, elapsed_seconds=5, min_cpm=10, min_accuracy=0)
    assert result.flagged and not result.passed


@pytest.fixture
def passage(db) -> TypingPassage:
    return TypingPassage.objects.create(title="测试：问候", text=PASSAGE, duration_seconds=120, min_cpm=30)


def test_a_scripted_submission_is_flagged_and_only_staff_read_why(client, world, passage):
    client.force_login(world.trainee.user)
    with at(T0):
        client.get(reverse("typing_test", args=[passage.pk]))
        token = client.post(reverse("typing_start", args=[passage.pk])).json()["token"]
    with at(T0 + timedelta(seconds=3)):  # the whole passage three seconds after the first character
        client.post(reverse("typing_test", args=[passage.pk]), {"token": token, "typed": PASSAGE})
    result = TypingResult.objects.get(employee=world.trainee)
    assert (result.flagged, result.passed) == (True, False)

    own = client.get(reverse("typing_result", args=[result.pk])).content.decode()
    assert "这次成绩无法计入，请重新测试。" in own
    assert "可疑" not in own and "result-flagged" not in own
    assert "typing-stat is-short" in own  # the speed is not shown as met

    for staff in (world.hr, world.trainer):
        client.force_login(staff)
        page = client.get(reverse("typing_result", args=[result.pk])).content.decode()
        assert 'id="result-flagged"' in page and "2200" in page, staff
        history = client.get(reverse("typing_employee", args=[world.trainee.pk])).content.decode()
        assert "badge text-bg-danger typing-flagged" in history
    client.force_login(world.hr)
    admin = client.get("/admin/assessments/typingresult/?flagged__exact=1")
    assert list(admin.context["cl"].result_list) == [result]


def test_a_flagged_result_is_never_the_best(world, passage):
    now = T0
    common = {"employee": world.trainee, "passage": passage, "typed_text": "x", "characters": 110}
    honest = TypingResult(
        **common, started_at=now, finished_at=now, correct_characters=50, cpm=20, accuracy=90, passed=False
    )
    pasted = TypingResult(
        **common,
        started_at=now,
        finished_at=now,
        correct_characters=110,
        cpm=2200,
        accuracy=100,
        passed=False,
        flagged=True,
    )
    assert best_of([pasted, honest]) is honest


def _steady(text: str, *, per_input: int, ms_each: int = 900) -> list[tuple[int, int]]:
    """A pace of one commit of ``per_input`` characters every ``ms_each`` milliseconds."""
    lengths = list(range(per_input, len(text), per_input)) + [len(text)]
    return [(i * ms_each, n) for i, n in enumerate(lengths)]


def test_a_whole_passage_committed_in_one_input_is_flagged_however_slowly_it_is_handed_in():
    """Pasting through the IME's clipboard arrives as one composition: the page cannot refuse it, the pace
    shows it. Handed in after 90 s (73 characters a minute: a plausible speed), it still does not pass."""
    pasted = score(
        passage_text=PASSAGE, typed=PASSAGE, elapsed_seconds=90, min_cpm=10, min_accuracy=90, pace=[(0, 110)]
    )
    assert (pasted.flagged, pasted.passed, pasted.flag_reason, pasted.largest_burst) == (True, False, "burst", 110)
    # Phrases of up to 30 characters, as sentence-mode input commits them, are typing.
    typed = score(
        passage_text=PASSAGE,
        typed=PASSAGE,
        elapsed_seconds=90,
        min_cpm=10,
        min_accuracy=90,
        pace=_steady(PASSAGE, per_input=MAX_BURST_CHARS),
    )
    assert (typed.flagged, typed.passed, typed.largest_burst) == (False, True, 30)
    # Deleting and typing again is no burst.
    corrected = [(0, 20), (500, 0), (900, 20), (1500, 40)]
    assert largest_burst(corrected) == 20


def _submit(client, passage, *, typed: str, pace: str, seconds: int):
    with at(T0):
        client.get(reverse("typing_test", args=[passage.pk]))
        token = client.post(reverse("typing_start", args=[passage.pk])).json()["token"]
    with at(T0 + timedelta(seconds=seconds)):
        return client.post(reverse("typing_test", args=[passage.pk]), {"token": token, "typed": typed, "pace": pace})


def test_the_test_page_reports_its_pace_and_an_ime_paste_is_flagged_for_staff(client, world, passage):
    client.force_login(world.trainee.user)
    page = client.get(reverse("typing_test", args=[passage.pk])).content.decode()
    assert 'name="pace"' in page
    _submit(client, passage, typed=PASSAGE, pace=json.dumps([[0, 55], [40000, 110]]), seconds=90)
    result = TypingResult.objects.get(employee=world.trainee)
    assert (result.flagged, result.passed, result.flag_reason, result.largest_burst) == (True, False, "burst", 55)
    client.force_login(world.trainer)
    staff_page = client.get(reverse("typing_result", args=[result.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Flagged: 55 characters arrived in one input" in staff_page


@pytest.mark.parametrize(
    "pace",
    [
        "not json",
        "[]",
        json.dumps([[0, 50], [10, 60]]),  # ends at 60, but 110 characters arrived
        json.dumps([[500, 50], [10, 110]]),  # goes back in time
        json.dumps([[0, "110"]]),
        json.dumps([[0, 1]] * (MAX_PACE_POINTS + 1)),
    ],
)
def test_a_pace_that_does_not_describe_the_text_is_refused_and_nothing_is_stored(client, world, passage, pace):
    client.force_login(world.trainee.user)
    response = _submit(client, passage, typed=PASSAGE, pace=pace, seconds=90)
    assert response.status_code == 400
    assert "打字记录已损坏" in response.content.decode()
    assert not TypingResult.objects.exists()
