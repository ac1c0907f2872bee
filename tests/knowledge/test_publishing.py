"""Publishing: the audience resolved to recipients, versions, confirmations per version, the quiz per
version, refresher needs and the notice to each recipient."""

from __future__ import annotations

import pytest
from django.core import mail

from assessments.models import Retake
from career.models import NeedSource, RefresherNeed
from employees.models import PositionClass, Status, Tier
from knowledge.models import Receipt, Recipient
from knowledge.services import (
    Audience,
    KnowledgeError,
    QuizSpec,
    add_people,
    confirm,
    publish_update,
    publish_version,
    record_read,
    start_quiz,
)
from notifications.models import Notification
from tests.knowledge.fixtures import DEADLINE, MONDAY, at, bank, pass_quiz, publish, veteran

pytestmark = pytest.mark.django_db


def recipients_of(update) -> set[str]:
    return set(Recipient.objects.filter(update=update).values_list("employee__name", flat=True))


def test_audience_is_tier_by_position_class_by_team_plus_people_named(world):
    veteran("售前甲", team="天猫旗舰店")
    veteran("售后乙", team="天猫旗舰店", position=PositionClass.AFTER_SALE)
    veteran("抖音丙", team="抖音小店")
    veteran("离职丁", team="天猫旗舰店", status=Status.LEFT)
    with at(MONDAY):
        update = publish(
            world.hr,
            tiers=[Tier.VETERAN],
            positions=[PositionClass.PRE_SALE],
            teams=["天猫旗舰店"],
            named=[world.mentor],
        )
    assert recipients_of(update) == {"售前甲", "王师傅"}
    assert Recipient.objects.get(update=update, employee=world.mentor).named


def test_an_audience_that_reaches_nobody_is_refused_and_nothing_is_saved(world):
    with at(MONDAY), pytest.raises(KnowledgeError):
        publish(world.hr, tiers=[Tier.PROMOTION])
    assert not Recipient.objects.exists()


def test_the_text_is_sanitised(world):
    veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
    assert "<b>每满 300 减 50</b>" in update.current.body
    assert "script" not in update.current.body


def test_a_new_version_resets_confirmations_and_keeps_the_old_ones(world):
    a = veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
        first = update.current
        confirm(update=update, employee=a, version_number=1)
        second = publish_version(
            update=update,
            title="618 规则（更正）",
            body="<p>每满 300 减 40</p>",
            change_note="减 50 改为减 40",
            deadline=DEADLINE,
            quiz=None,
            by=world.hr,
        )
    update.refresh_from_db()
    assert update.current == second and second.number == 2
    assert Receipt.objects.get(version=first, employee=a).confirmed_at is not None  # kept for the record
    assert not Receipt.objects.filter(version=second, confirmed_at__isnull=False).exists()
    assert first.body == "<p>满减规则：<b>每满 300 减 50</b></p>"  # the old text stays as it was


def test_confirming_a_version_that_was_replaced_is_refused(world):
    a = veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
        publish_version(
            update=update, title="新版", body="x", change_note="", deadline=DEADLINE, quiz=None, by=world.hr
        )
        update.refresh_from_db()
        with pytest.raises(KnowledgeError):
            confirm(update=update, employee=a, version_number=1)
        receipt = confirm(update=update, employee=a, version_number=2)
    assert receipt.confirmed_at is not None


def test_confirming_twice_keeps_the_first_time_and_reading_again_keeps_the_first_read(world):
    a = veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
        first = confirm(update=update, employee=a, version_number=1)
    with at(MONDAY.replace(hour=15)):
        again = confirm(update=update, employee=a, version_number=1)
        receipt = record_read(version=update.current, employee=a)
    assert again.confirmed_at == first.confirmed_at == receipt.read_at


def test_someone_the_update_is_not_for_cannot_confirm(world):
    veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
        with pytest.raises(KnowledgeError):
            confirm(update=update, employee=world.outsider, version_number=1)


def test_each_version_has_its_own_quiz_from_the_bank_that_only_its_page_offers(world):
    a = veteran("售前甲")
    category = bank()
    with at(MONDAY):
        update = publish(world.hr, quiz=QuizSpec(questions=5, category=category, pass_mark=60, attempts=2))
        quiz = update.current.quiz
        assert quiz.page == f"/updates/{update.pk}/" and quiz.item is None and not quiz.is_gate
        assert sum(r.count for r in quiz.rules.all()) == 5
        assert {r.type for r in quiz.rules.all()} == {"single", "multiple", "true_false", "fill"}
        attempt = pass_quiz(start_quiz(update=update, employee=a))
        assert attempt.passed
        second = publish_version(
            update=update,
            title="新版",
            body="x",
            change_note="",
            deadline=DEADLINE,
            quiz=QuizSpec(questions=3, category=category),
            by=world.hr,
        )
    assert second.quiz != quiz and second.quiz.code == f"update-{update.pk}-v2"
    # Passing version 1's quiz does not count for version 2.
    assert not second.quiz.attempts.exists()


def test_a_failed_quiz_can_be_taken_again_at_once_without_a_retake_day(world):
    a = veteran("售前甲")
    category = bank()
    with at(MONDAY):
        update = publish(world.hr, quiz=QuizSpec(questions=3, category=category, attempts=2))
        from assessments.exams import submit_attempt

        failed = submit_attempt(attempt=start_quiz(update=update, employee=a))
        assert failed.passed is False
        assert not Retake.objects.exists()
        second = start_quiz(update=update, employee=a)
        assert second.number == 2
        submit_attempt(attempt=second)
        with pytest.raises(KnowledgeError):
            start_quiz(update=update, employee=a)  # out of attempts


def test_a_quiz_the_bank_cannot_fill_is_refused(world):
    veteran("售前甲")
    category = bank()
    with at(MONDAY), pytest.raises(KnowledgeError):
        publish(world.hr, quiz=QuizSpec(questions=20, category=category))


def test_requires_refresher_asks_once_per_recipient_and_version(world):
    a = veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr, requires_refresher=True)
        add_people(update=update, named=[a], by=world.hr)  # already a recipient: no second need
        publish_version(
            update=update, title="新版", body="x", change_note="", deadline=DEADLINE, quiz=None, by=world.hr
        )
    keys = list(RefresherNeed.objects.filter(employee=a, source=NeedSource.UPDATE).values_list("source_key", flat=True))
    assert sorted(keys) == [f"update:{update.pk}:v1", f"update:{update.pk}:v2"]


def test_every_recipient_is_told_once_in_their_language_with_an_email(
    world, django_capture_on_commit_callbacks, eager_tasks
):
    a = veteran("售前甲")
    a.user.email = "a@example.com"
    a.user.save()
    with at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        update = publish(world.hr)
    notes = Notification.objects.filter(user=a.user, kind="knowledge_update")
    assert [n.title for n in notes] == ["新知识更新：618 大促规则变更"]
    assert notes[0].url == f"/updates/{update.pk}/"
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    assert "请在11月20日前阅读并确认已理解" in mail.outbox[0].body
    with at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        add_people(update=update, named=[a], by=world.hr)  # nobody new: nobody told
    assert notes.count() == 1


def test_people_added_later_are_told_and_only_they(world, django_capture_on_commit_callbacks):
    veteran("售前甲")
    with at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        update = publish(world.hr)
    late_joiner = veteran("新来的")
    with at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        added = add_people(update=update, everyone_matching=True, by=world.hr)
    assert added == 1
    assert Notification.objects.filter(kind="knowledge_update").count() == 2
    assert Notification.objects.filter(user=late_joiner.user, kind="knowledge_update").exists()


def test_a_new_version_reaches_people_who_match_now(world):
    veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
        veteran("转岗来的")
        publish_version(
            update=update, title="新版", body="x", change_note="", deadline=DEADLINE, quiz=None, by=world.hr
        )
    assert "转岗来的" in recipients_of(update)


def test_a_deadline_in_the_past_is_refused(world):
    veteran("售前甲")
    with at(MONDAY), pytest.raises(KnowledgeError):
        publish_update(
            category="process",
            audience=Audience(tiers=[Tier.VETERAN]),
            named=[],
            title="t",
            body="b",
            deadline=DEADLINE.replace(day=1),
            quiz=None,
            requires_refresher=False,
            by=world.hr,
        )


def test_the_quiz_page_of_the_exam_engine_refuses_an_update_quiz(client, world):
    veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr, quiz=QuizSpec(questions=2, category=bank()))
    client.force_login(world.trainee.user)
    assert client.get(f"/exams/{update.current.quiz.code}/").status_code == 404
    assert client.post(f"/exams/{update.current.quiz.code}/").status_code == 404
