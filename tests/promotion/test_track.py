"""The promotion track after the nomination: practicals scored 0–100 (calibration against the checker's key,
mentoring counted by the mentee's go-live), 360 feedback hidden below three raters, goals in 25 % steps, the
panel defence's trimmed mean, HR's decision and the dossier workbook."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from employees.roles import Role, roles_of
from promotion.models import CandidateStatus, Decision, FeedbackRequest, Goal, Practical, Relation, Verdict
from promotion.scoring import feedback_groups, trimmed_mean, weighted_total
from promotion.services import (
    PromotionError,
    answer_feedback,
    decide,
    request_feedback,
    save_goal,
    score_defence,
    score_practical,
    set_defence,
    submit_practical,
)
from quality.models import QualityCheck, ScoreSheet
from tests.factories import CohortFactory, UserFactory
from tests.promotion.promotion_data import in_training, live_employee
from training.models import Outcome
from training.services import enroll

pytestmark = pytest.mark.django_db
ANSWERS = [4, 5, 4, 3, 5]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


# ---------------------------------------------------------------------------- practicals


def test_the_candidate_hands_in_the_rota_as_a_week_grid_and_the_trainer_scores_it(client, world):
    candidate = in_training(world)
    url = reverse("promotion_practical", args=[candidate.pk, "rota"])
    client.force_login(candidate.employee.user)
    grid = {f"day_{i}": f"早班：甲乙 晚班：丙{i}" for i in range(7)}
    response = client.post(url, {"action": "hand_in", "text": "双十二备两名机动", **grid})
    assert response.status_code == 302
    practical = Practical.objects.get(candidate=candidate, kind="rota")
    assert practical.week_grid[6] == "早班：甲乙 晚班：丙6" and practical.submitted_at is not None
    assert client.post(url, {"action": "score", "score": "90"}).status_code == 200  # the candidate may not score
    assert Practical.objects.get(pk=practical.pk).score is None
    client.force_login(world.trainer)
    client.post(url, {"action": "score", "score": "101"})
    assert Practical.objects.get(pk=practical.pk).score is None  # refused: over 100
    client.post(url, {"action": "score", "score": "86", "comment": "高峰覆盖合理"})
    practical.refresh_from_db()
    assert (practical.score, practical.scored_by) == (86, world.trainer)
    page = client.get(reverse("promotion_dossier", args=[candidate.pk])).content.decode()
    assert "86" in page and "高峰覆盖合理" in page


def test_calibration_shows_how_far_the_candidate_is_from_the_checkers_key(client, world):
    candidate = in_training(world)
    sheet = ScoreSheet.objects.filter(is_active=True).first()
    checks = [
        QualityCheck.objects.create(
            employee=world.trainee,
            sheet=sheet,
            chat_date=date(2026, 11, d),
            platform="taobao",
            excerpt=f"会话{d}",
            total=Decimal(total),
            checker=world.hr,
        )
        for d, total in ((10, "90"), (11, "70"))
    ]
    submit_practical(
        candidate=candidate,
        kind="calibration",
        by=candidate.employee.user,
        calibration={checks[0].pk: Decimal("85"), checks[1].pk: Decimal("80")},
    )
    client.force_login(world.trainer)
    page = client.get(reverse("promotion_dossier", args=[candidate.pk]))
    row = next(r for r in page.context["d"].practicals if r.kind == "calibration")
    assert row.mean_difference == Decimal("7.5")  # |85-90| and |80-70|


def test_mentoring_counts_the_mentees_go_live_once_it_is_decided(world):
    candidate = in_training(world)
    hire = live_employee("新人小美")
    hire.mentor = candidate.employee
    hire.save()
    cohort = CohortFactory(start_date=date(2026, 11, 2))
    mentee = enroll(cohort=cohort, employees=[hire])[0]
    submit_practical(candidate=candidate, kind="mentoring", by=world.trainer, mentee=mentee)
    with pytest.raises(PromotionError, match="no result"):
        score_practical(candidate=candidate, kind="mentoring", score=80, comment="", by=world.trainer)
    type(mentee).objects.filter(pk=mentee.pk).update(outcome=Outcome.PASSED)
    score_practical(candidate=candidate, kind="mentoring", score=80, comment="", by=world.trainer)
    from promotion.selectors import practical_rows

    row = next(r for r in practical_rows(candidate) if r.kind == "mentoring")
    assert row.mentee_outcome == "Passed"


def test_only_a_new_hire_the_candidate_mentors_counts(world):
    candidate = in_training(world)
    with pytest.raises(PromotionError, match="mentors"):
        submit_practical(candidate=candidate, kind="mentoring", by=world.trainer, mentee=world.enrollment)


# ---------------------------------------------------------------------------- 360 feedback


def raters(n: int) -> list[User]:
    return [UserFactory(roles=["mentor"]) for _ in range(n)]


def test_a_group_of_fewer_than_three_answers_is_hidden_and_never_computed(client, world):
    candidate = in_training(world)
    peers = raters(3)
    deadline = timezone.localdate() + timedelta(days=7)
    request_feedback(
        candidate=candidate,
        raters=[(p, Relation.PEER) for p in peers] + [(candidate.employee.user, Relation.SELF)],
        deadline=deadline,
        by=world.hr,
    )
    for peer in peers[:2]:
        answer_feedback(
            request=FeedbackRequest.objects.get(rater=peer), answers=ANSWERS, comment=f"说很好{peer.pk}", by=peer
        )
    client.force_login(world.hr)
    url = reverse("promotion_dossier", args=[candidate.pk])
    page = client.get(url).content.decode()
    assert "Hidden: fewer than 3 raters" in page or "少于 3" in page
    assert "说很好" not in page
    peer_group = next(g for g in client.get(url).context["d"].feedback if g.relation == Relation.PEER)
    assert not peer_group.shown and peer_group.averages == [] and peer_group.comments == []
    answer_feedback(
        request=FeedbackRequest.objects.get(rater=peers[2]), answers=[2, 3, 4, 5, 1], comment="", by=peers[2]
    )
    groups = {g.relation: g for g in client.get(url).context["d"].feedback}
    assert groups[Relation.PEER].shown and groups[Relation.PEER].averages[0] == Decimal("3.3")
    assert len(groups[Relation.PEER].comments) == 2
    assert not groups[Relation.SELF].shown  # the candidate has not answered
    page = client.get(url).content.decode()
    assert all(p.first_name not in page and p.username not in page for p in peers)  # nobody is named


def test_self_assessment_is_shown_alone(world):
    candidate = in_training(world)
    me = candidate.employee.user
    request_feedback(candidate=candidate, raters=[(me, Relation.SELF)], deadline=timezone.localdate(), by=world.hr)
    answer_feedback(request=FeedbackRequest.objects.get(rater=me), answers=ANSWERS, comment="", by=me)
    (group,) = feedback_groups(candidate.feedback_requests.all())
    assert group.shown and group.averages[1] == Decimal("5.0")


def test_a_rater_answers_once_by_the_deadline_on_a_phone_friendly_page(client, world):
    candidate = in_training(world)
    (peer,) = raters(1)
    request_feedback(
        candidate=candidate,
        raters=[(peer, Relation.PEER)],
        deadline=timezone.localdate() + timedelta(days=1),
        by=world.hr,
    )
    feedback = FeedbackRequest.objects.get()
    client.force_login(world.trainer)
    assert client.get(reverse("promotion_feedback_answer", args=[feedback.pk])).status_code == 404
    client.force_login(peer)
    assert "陈组长候选" in client.get(reverse("promotion_mine")).content.decode()
    url = reverse("promotion_feedback_answer", args=[feedback.pk])
    response = client.post(url, {f"q{i}": str(a) for i, a in enumerate(ANSWERS)} | {"comment": "沟通好"})
    assert response.status_code == 302
    translation.activate("en")  # the page requests left the test in Chinese
    with pytest.raises(PromotionError, match="already"):
        answer_feedback(request=feedback, answers=ANSWERS, comment="", by=peer)
    late = FeedbackRequest.objects.create(
        candidate=candidate,
        rater=world.trainer,
        relation=Relation.LEAD,
        deadline=date(2026, 1, 1),
        requested_by=world.hr,
    )
    with pytest.raises(PromotionError, match="deadline"):
        answer_feedback(request=late, answers=ANSWERS, comment="", by=world.trainer)


def test_hr_asks_raters_by_number_with_a_default_deadline_of_seven_days(client, world):
    candidate = in_training(world)
    client.force_login(world.hr)
    url = reverse("promotion_feedback_request", args=[candidate.pk])
    form = client.get(url).context["form"]
    assert form["deadline"].value() == timezone.localdate() + timedelta(days=7)
    response = client.post(
        url,
        {
            "relation": "peer",
            "raters": f"{world.mentor.employee_no}\ntrainer",
            "ask_self": "on",
            "deadline": str(timezone.localdate() + timedelta(days=7)),
        },
    )
    assert response.status_code == 302
    assert sorted(FeedbackRequest.objects.values_list("relation", flat=True)) == ["peer", "peer", "self"]


# ---------------------------------------------------------------------------- goals


def test_goal_progress_moves_only_in_steps_of_25(client, world):
    candidate = in_training(world)
    with pytest.raises(PromotionError, match="steps of 25"):
        save_goal(candidate=candidate, by=world.hr, title="降低退款率", due_date=date(2026, 12, 31), progress=30)
    client.force_login(candidate.employee.user)
    url = reverse("promotion_goals", args=[candidate.pk])
    data = {"goal": "new", "new-title": "降低退款率", "new-due_date": "2026-12-31", "new-progress": "30"}
    assert client.post(url, data).status_code == 200 and not Goal.objects.exists()
    assert client.post(url, {**data, "new-progress": "25"}).status_code == 302
    goal = Goal.objects.get()
    prefix = f"g{goal.pk}"
    client.post(
        url,
        {
            "goal": str(goal.pk),
            f"{prefix}-title": "降低退款率",
            f"{prefix}-due_date": "2026-12-31",
            f"{prefix}-progress": "50",
            f"{prefix}-done": "on",
        },
    )
    goal.refresh_from_db()
    assert goal.done and goal.progress == 100  # done means 100 %


def test_the_trainer_cannot_keep_the_candidates_goals(client, world):
    candidate = in_training(world)
    client.force_login(world.trainer)
    assert client.get(reverse("promotion_goals", args=[candidate.pk])).status_code == 404


# ---------------------------------------------------------------------------- the panel defence


def test_trimmed_mean_drops_the_highest_and_lowest_from_three_judges_on():
    assert trimmed_mean([]) is None
    assert trimmed_mean([Decimal(80)]) == Decimal("80.0")
    assert trimmed_mean([Decimal(80), Decimal(91)]) == Decimal("85.5")  # plain mean below three
    assert trimmed_mean([Decimal(60), Decimal(80), Decimal(99)]) == Decimal("80.0")
    assert trimmed_mean([Decimal(50), Decimal(70), Decimal(80), Decimal(100)]) == Decimal("75.0")


def test_the_rubric_weights_marks_out_of_100():
    assert weighted_total({"review": 10, "data": 10, "team": 10, "problems": 10, "answers": 10}) == Decimal("100.0")
    assert weighted_total({"review": 8, "data": 6, "team": 7, "problems": 9, "answers": 5}) == Decimal("69.5")


def test_each_judge_scores_once_and_the_dossier_shows_the_trimmed_mean(client, world):
    candidate = in_training(world)
    judges = [world.hr, world.trainer, world.other_trainer]
    defence = set_defence(candidate=candidate, held_on=timezone.localdate(), judges=judges, by=world.hr)
    for judge, mark in zip(judges, (10, 7, 4), strict=True):
        score_defence(
            defence=defence, judge=judge, marks=dict.fromkeys(("review", "data", "team", "problems", "answers"), mark)
        )
    with pytest.raises(PromotionError, match="already"):
        score_defence(
            defence=defence, judge=world.hr, marks=dict.fromkeys(("review", "data", "team", "problems", "answers"), 9)
        )
    with pytest.raises(PromotionError, match="judge"):
        score_defence(
            defence=defence,
            judge=world.mentor.user,
            marks=dict.fromkeys(("review", "data", "team", "problems", "answers"), 9),
        )
    client.force_login(world.other_trainer)  # a judge, not a trainer of the cohort: reads the dossier
    page = client.get(reverse("promotion_dossier", args=[candidate.pk]))
    assert page.context["d"].defence_result == Decimal("70.0") and page.context["d"].trimmed


def test_a_judge_scores_on_the_judging_page(client, world):
    candidate = in_training(world)
    set_defence(candidate=candidate, held_on=timezone.localdate(), judges=[world.trainer], by=world.hr)
    client.force_login(world.trainer)
    url = reverse("promotion_judge", args=[candidate.pk])
    marks = {"review": "8", "data": "8", "team": "8", "problems": "8", "answers": "8"}
    assert client.post(url, marks).status_code == 302
    assert "80.0" in client.get(url).content.decode()
    client.force_login(world.other_trainer)
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------------------- the decision and the dossier


def test_hr_promotes_with_a_reason_and_the_employee_becomes_a_team_lead(client, world):
    candidate = in_training(world)
    client.force_login(world.hr)
    url = reverse("promotion_decide", args=[candidate.pk])
    assert client.post(url, {"verdict": "promote", "reason": ""}).status_code == 200  # reason required
    response = client.post(url, {"verdict": "promote", "reason": "答辩与实操均优秀", "promoted_to": "售前组长"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.status, candidate.verdict, candidate.promoted_to) == (
        CandidateStatus.DECIDED,
        Verdict.PROMOTE,
        "售前组长",
    )
    user = User.objects.get(pk=candidate.employee.user_id)
    assert Role.MENTOR in roles_of(user)
    # Off the promotion track: a lead follows the veterans' refreshers.
    candidate.employee.refresh_from_db()
    assert candidate.employee.tier == "veteran"
    assert Decision.objects.get().reason == "答辩与实操均优秀"
    assert candidate.history.first().history_user == world.hr


def test_an_extension_keeps_the_candidacy_open_until_the_new_date(world):
    candidate = in_training(world)
    with pytest.raises(PromotionError, match="new decision date"):
        decide(candidate=candidate, verdict=Verdict.EXTEND, reason="数据分析待加强", by=world.hr)
    later = timezone.localdate() + timedelta(days=30)
    decide(candidate=candidate, verdict=Verdict.EXTEND, reason="数据分析待加强", by=world.hr, extended_to=later)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.IN_TRAINING and candidate.decision_due == later
    assert candidate.employee.tier == "promotion"  # still on the track
    decide(candidate=candidate, verdict=Verdict.DECLINE, reason="仍未达标", by=world.hr)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DECIDED and candidate.decisions.count() == 2
    candidate.employee.refresh_from_db()
    assert candidate.employee.tier == "veteran"  # declined: back among the veterans
    assert Role.MENTOR not in roles_of(User.objects.get(pk=candidate.employee.user_id))
    with pytest.raises(PromotionError, match="decided"):
        save_goal(candidate=candidate, by=world.hr, title="x", due_date=later, progress=0)


def test_only_hr_decides(world):
    candidate = in_training(world)
    with pytest.raises(PromotionError, match="Only HR"):
        decide(candidate=candidate, verdict=Verdict.DECLINE, reason="x", by=world.trainer)


def test_the_dossier_workbook_keeps_hidden_groups_hidden_and_neutralises_formulas(client, world):
    candidate = in_training(world)
    candidate.reason = '=HYPERLINK("http://x")'
    candidate.save()
    peers = raters(2)
    request_feedback(
        candidate=candidate,
        raters=[(p, Relation.PEER) for p in peers],
        deadline=timezone.localdate() + timedelta(days=7),
        by=world.hr,
    )
    for p in peers:
        answer_feedback(request=FeedbackRequest.objects.get(rater=p), answers=ANSWERS, comment="秘密评语", by=p)
    client.force_login(world.hr)
    response = client.get(reverse("promotion_export", args=[candidate.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "秘密评语" not in [c.value for c in cells]
    (reason,) = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert reason.data_type == "s" and reason.quotePrefix  # text, not a formula


def test_the_dossier_page_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    candidate = in_training(world)
    for p in raters(4):
        request_feedback(candidate=candidate, raters=[(p, Relation.PEER)], deadline=timezone.localdate(), by=world.hr)
    for i in range(3):
        save_goal(candidate=candidate, by=world.hr, title=f"目标{i}", due_date=date(2026, 12, 31), progress=25)
    client.force_login(world.hr)
    url = reverse("promotion_dossier", args=[candidate.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for p in raters(6):
        request_feedback(
            candidate=candidate, raters=[(p, Relation.SUBORDINATE)], deadline=timezone.localdate(), by=world.hr
        )
    for i in range(5):
        save_goal(candidate=candidate, by=world.hr, title=f"更多{i}", due_date=date(2026, 12, 31), progress=50)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
