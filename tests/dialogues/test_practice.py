"""A trainee practises a scripted buyer dialogue: turns shown one at a time, replies timed and scored on the
server, the first finished run counts and "practise again" never does; a trainer scores on top."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogues.models import Reply, Scenario, Session, Turn
from dialogues.scoring import score_reply
from dialogues.services import DialogueError, score_session, start_session, submit_reply
from employees.models import PositionClass
from tests.dialogues.conftest import at
from tests.factories import PhraseFactory, PhraseGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee_client(client, world):
    client.force_login(world.trainee.user)
    return client


def start(client, code: str) -> Session:
    response = client.post(reverse("dialogue_start", kwargs={"code": code}))
    assert response.status_code == 302
    return Session.objects.latest("id")


def reply(client, session: Session, text: str, **extra: str):
    return client.post(reverse("dialogue_reply", kwargs={"pk": session.pk}), {"text": text, **extra})


def test_twelve_starter_scenarios_four_per_class_hang_on_day_six():
    scenarios = Scenario.objects.prefetch_related("plan_items", "turns")
    assert scenarios.count() >= 12
    for position_class in PositionClass.values:
        assert scenarios.filter(position_class=position_class).count() >= 4
    for scenario in scenarios:
        assert 2 <= len(scenario.turns.all()) <= 4
        assert {item.day_number for item in scenario.plan_items.all()} == {6}
    assert set(scenarios.values_list("topic", flat=True)) >= {"logistics_delay", "bargaining", "complaint"}


def test_turns_come_one_at_a_time_and_a_reload_resumes(trainee_client):
    with at(9):
        session = start(trainee_client, "in-logistics-delay")
        page = trainee_client.get(reverse("dialogue_session", kwargs={"pk": session.pk})).content.decode()
    assert "我的快递怎么三天都没动了" in page
    assert "我后天就要用" not in page
    with at(9, 0, 30):
        reply(trainee_client, session, "亲，非常抱歉让您着急了！我马上帮您查询物流。")
        page = trainee_client.get(reverse("dialogue_session", kwargs={"pk": session.pk})).content.decode()
        again = trainee_client.get(reverse("dialogue_session", kwargs={"pk": session.pk})).content.decode()
    assert "我后天就要用" in page and "要是到不了怎么办" not in page
    assert again.count("我后天就要用") == 1
    assert Reply.objects.filter(session=session).count() == 2  # the answered one and the one on screen


def test_reply_time_is_measured_by_the_server_and_a_forged_time_is_ignored(trainee_client):
    with at(10):
        session = start(trainee_client, "in-address-change")
        trainee_client.get(reverse("dialogue_session", kwargs={"pk": session.pk}))  # the first turn is shown now
    with at(10, 3):  # three minutes later, though the browser claims two seconds
        reply(trainee_client, session, "您好，请把订单号和新地址发我", seconds="2", answered_at="2026-11-23T10:00:02")
    answered = Reply.objects.get(session=session, turn__order=1)
    assert answered.seconds == 180
    assert answered.points["time"] < 15  # the target is 45 s


def test_a_reply_with_lowest_price_and_wechat_is_flagged_and_fails_the_turn(trainee_client):
    with at(11):
        session = start(trainee_client, "pre-bargain")
        trainee_client.get(reverse("dialogue_session", kwargs={"pk": session.pk}))
        reply(trainee_client, session, "亲，这已经是最低价了，您加微信我再给您优惠券")
        page = trainee_client.get(reverse("dialogue_session", kwargs={"pk": session.pk})).content.decode()
    answered = Reply.objects.get(session=session, turn__order=1)
    assert {"最低价", "加微信"} <= {hit["word"] for hit in answered.hits}
    assert answered.failed and answered.score <= 40 and answered.points["wording"] == 0
    assert "最低价" in page and "加微信" in page  # flagged under the reply


def test_scoring_counts_key_points_similarity_time_and_words(world):
    turn = Turn.objects.get(scenario__code="in-logistics-delay", order=1)
    good = score_reply(
        text=turn.reference_answer,
        key_points=turn.key_points,
        forbidden=turn.forbidden_words,
        reference=turn.reference_answer,
        seconds=20,
        target=turn.target_seconds,
    )
    assert good.score == 100 and good.missed == [] and not good.hits
    poor = score_reply(
        text="这不关我事，你去问快递",
        key_points=turn.key_points,
        forbidden=turn.forbidden_words,
        reference=turn.reference_answer,
        seconds=200,
        target=turn.target_seconds,
    )
    assert poor.failed and poor.points["time"] == 0 and poor.missed and poor.score <= 40


def test_the_first_finished_run_counts_and_practising_again_never_does(trainee_client, world):
    scenario = Scenario.objects.get(code="in-address-change")
    with at(9):
        first = start(trainee_client, scenario.code)
        assert start(trainee_client, scenario.code) == first  # unfinished: resumed, not a new run
        for text in ("您好，请发订单号和新地址", "可以联系快递改派，可能多一天，费用先和您确认"):
            trainee_client.get(reverse("dialogue_session", kwargs={"pk": first.pk}))
            reply(trainee_client, first, text)
        first.refresh_from_db()
        page = trainee_client.get(reverse("dialogue_session", kwargs={"pk": first.pk})).content.decode()
        again = start(trainee_client, scenario.code)
    assert first.finished and first.counts and first.auto_score is not None
    assert first.enrollment == world.enrollment
    assert "不计入" in page  # the "practise again (does not count)" button
    assert again != first and not again.counts


def test_a_run_outside_training_never_counts(world):
    world.outsider.enrollments.all().delete()
    session = start_session(employee=world.outsider, scenario=Scenario.objects.get(code="pre-bargain"))
    assert not session.counts and session.enrollment is None


def test_a_finished_run_takes_no_more_replies(world):
    scenario = Scenario.objects.get(code="in-address-change")
    session = start_session(employee=world.trainee, scenario=scenario)
    with pytest.raises(DialogueError):
        submit_reply(session=session, text="还没显示就回复")  # no turn on screen yet


@pytest.mark.parametrize("scenario_code", ["pre-payment-reminder", "in-logistics-delay"])  # 2 and 3 turns
def test_the_practice_page_query_count_does_not_grow_with_turns(trainee_client, world, scenario_code):
    group = PhraseGroupFactory(name="物流")
    PhraseFactory.create_batch(5, group=group)
    with at(9):
        session = start(trainee_client, scenario_code)
        url = reverse("dialogue_session", kwargs={"pk": session.pk})
        trainee_client.get(url)
        reply(trainee_client, session, "亲，您好")
        trainee_client.get(url)  # the second turn is shown (its clock starts)
        with CaptureQueriesContext(connection) as ctx:
            assert trainee_client.get(url).status_code == 200  # a reload, one answered turn and one on screen
    # session, user, roles (the decorator); the run with its scenario, employee, mentor and scorer; the turns;
    # the replies; the quick replies with their groups; the bell's unread count
    assert len(ctx.captured_queries) == 8


def test_quick_replies_are_offered_on_the_practice_page(trainee_client):
    PhraseFactory(group=PhraseGroupFactory(name="物流"), code="cj", text="已为您联系快递催件")
    with at(9):
        session = start(trainee_client, "in-logistics-delay")
        page = trainee_client.get(reverse("dialogue_session", kwargs={"pk": session.pk})).content.decode()
    assert 'data-text="已为您联系快递催件"' in page and "cj" in page


def finished_run(world, code: str = "in-address-change") -> Session:
    session = start_session(employee=world.trainee, scenario=Scenario.objects.get(code=code))
    for turn in session.scenario.turns.all():
        Reply.objects.create(session=session, turn=turn, shown_at=session.started_at)
        submit_reply(session=session, text=turn.reference_answer)
    session.refresh_from_db()
    assert session.finished
    return session


def test_a_trainer_scores_a_run_and_the_trainee_sees_it(client, world):
    session = finished_run(world)
    client.force_login(world.trainer)
    queue = client.get(reverse("dialogue_queue")).content.decode()
    assert world.trainee.name in queue
    response = client.post(
        reverse("dialogue_score", kwargs={"pk": session.pk}),
        {"attitude": "5", "wording": "4", "resolution": "4", "timeliness": "3", "comment": "改派说明清楚，注意时效"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.trainer_score == 80 and session.scored_by == world.trainer
    assert client.get(reverse("dialogue_queue")).context["waiting"] == []  # scored: off the queue
    client.force_login(world.trainee.user)
    page = client.get(reverse("dialogue_session", kwargs={"pk": session.pk})).content.decode()
    assert "改派说明清楚，注意时效" in page and ">80<" in page.replace(" ", "").replace("\n", "")


def test_another_cohorts_trainer_cannot_score(client, world):
    session = finished_run(world)
    client.force_login(world.other_trainer)
    assert client.get(reverse("dialogue_score", kwargs={"pk": session.pk})).status_code == 404
    assert world.trainee.name not in client.get(reverse("dialogue_queue")).content.decode()


def test_a_rubric_level_out_of_range_is_refused(world):
    session = finished_run(world)
    with pytest.raises(DialogueError):
        score_session(
            session=session,
            levels={"attitude": 6, "wording": 1, "resolution": 1, "timeliness": 1},
            comment="",
            by=world.trainer,
        )


def test_the_list_shows_the_trainees_class_first(trainee_client):
    page = trainee_client.get(reverse("dialogue_list")).content.decode()
    assert "我的岗位：售前" in page and "其他岗位（可练习）" in page
    assert page.index("连衣裙尺码与面料咨询") < page.index("其他岗位") < page.index("物流三天未更新")
