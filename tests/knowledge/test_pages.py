"""The pages: a recipient reads, confirms and takes the quiz (also on today), staff publish, edit, see
the status per team and the late people, export it and add people. Query counts pinned for the lists."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from knowledge.models import Receipt, Recipient, Update
from knowledge.services import Audience, QuizSpec, confirm, publish_update
from tests.knowledge.fixtures import DEADLINE, MONDAY, SHANGHAI, at, bank, pass_quiz, publish, veteran

pytestmark = pytest.mark.django_db
AFTER_DEADLINE = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_a_recipient_reads_confirms_and_takes_the_quiz(client, world, english):
    a = veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr, quiz=QuizSpec(questions=3, category=bank()))
        client.force_login(a.user)
        page = client.get(f"/updates/{update.pk}/")
        assert page.status_code == 200
        assert "每满 300 减 50" in page.text and "<script>" not in page.text.split("<main")[1].split("</main>")[0]
        assert Receipt.objects.get(employee=a).read_at is not None
        response = client.post(f"/updates/{update.pk}/confirm/", {"version": "1"})
        assert response.status_code == 302
        assert Receipt.objects.get(employee=a).confirmed_at is not None
        response = client.post(f"/updates/{update.pk}/quiz/")
        assert response["Location"].startswith("/attempts/")
        attempt = update.current.quiz.attempts.get(employee=a)
        pass_quiz(attempt)
        page = client.get(f"/updates/{update.pk}/")
        assert "Done: you confirmed this version" in page.text
        result = client.get(f"/attempts/{attempt.pk}/result/")
        assert f'href="/updates/{update.pk}/"' in result.text  # "Back" leads to the update


def test_a_mentor_who_receives_an_update_can_take_its_quiz(client, world):
    with at(MONDAY):
        update = publish(world.hr, tiers=(), named=[world.mentor], quiz=QuizSpec(questions=2, category=bank()))
        client.force_login(world.mentor.user)
        response = client.post(f"/updates/{update.pk}/quiz/")
        assert client.get(response["Location"]).status_code == 200


def test_confirming_an_old_page_after_a_new_version_says_so(client, world, english):
    a = veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
        client.force_login(world.hr)
        client.post(
            f"/updates/manage/{update.pk}/edit/",
            {
                "title": "新版",
                "body": "<p>新</p>",
                "change_note": "改了",
                "deadline": "2026-11-20",
                "quiz_questions": "0",
                "quiz_pass_mark": "80",
                "quiz_attempts": "3",
            },
        )
        client.force_login(a.user)
        response = client.post(f"/updates/{update.pk}/confirm/", {"version": "1"}, follow=True)
    assert "A newer version of this update was published" in response.text
    assert not Receipt.objects.filter(confirmed_at__isnull=False).exists()


def test_today_shows_open_updates_and_not_finished_ones(client, world):
    with at(MONDAY):
        update = publish(world.hr, tiers=(), named=[world.trainee])
        client.force_login(world.trainee.user)
        assert "618 大促规则变更" in client.get("/today/").text
        confirm(update=update, employee=world.trainee, version_number=1)
        assert "618 大促规则变更" not in client.get("/today/").text


def test_someone_else_gets_a_404_for_an_update_not_addressed_to_them(client, world):
    veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
    client.force_login(world.outsider.user)
    assert client.get(f"/updates/{update.pk}/").status_code == 404
    assert client.post(f"/updates/{update.pk}/confirm/", {"version": "1"}).status_code == 404
    assert client.get(f"/updates/{update.pk}/v1/").status_code == 404


def test_hr_publishes_from_the_form_to_groups_and_named_people(client, world, english):
    veteran("售前甲", team="抖音小店")
    client.force_login(world.hr)
    with at(MONDAY):
        form = client.get("/updates/manage/new/")
        assert "抖音小店" in form.text  # teams offered from the employees' teams
        response = client.post(
            "/updates/manage/new/",
            {
                "category": "platform_rule",
                "title": "新规：七天无理由",
                "body": "<p>正文</p>",
                "deadline": "2026-11-20",
                "tiers": ["veteran"],
                "teams": ["抖音小店"],
                "people": f"{world.mentor.employee_no}，NOPE-1",
                "quiz_questions": "0",
                "quiz_pass_mark": "80",
                "quiz_attempts": "3",
            },
        )
        assert response.status_code == 200 and "NOPE-1" in response.text  # an unknown number is named
        assert not Update.objects.exists()
        response = client.post(
            "/updates/manage/new/",
            {
                "category": "platform_rule",
                "title": "新规：七天无理由",
                "body": "<p>正文</p>",
                "deadline": "2026-11-20",
                "tiers": ["veteran"],
                "teams": ["抖音小店"],
                "people": world.mentor.employee_no,
                "quiz_questions": "0",
                "quiz_pass_mark": "80",
                "quiz_attempts": "3",
            },
        )
    update = Update.objects.get()
    assert response["Location"] == f"/updates/manage/{update.pk}/"
    assert set(Recipient.objects.values_list("employee__name", flat=True)) == {"售前甲", "王师傅"}


def test_an_empty_audience_is_refused_on_the_form(client, world, english):
    client.force_login(world.hr)
    with at(MONDAY):
        response = client.post(
            "/updates/manage/new/",
            {
                "category": "process",
                "title": "t",
                "body": "b",
                "deadline": "2026-11-20",
                "quiz_questions": "0",
                "quiz_pass_mark": "80",
                "quiz_attempts": "3",
            },
        )
    assert response.status_code == 200 and "Choose who receives the update" in response.text


def test_the_status_page_counts_per_team_and_lists_the_late(client, world, english):
    a = veteran("售前甲", team="天猫旗舰店")
    b = veteran("售前乙", team="天猫旗舰店")
    c = veteran("售前丙", team="抖音小店")
    with at(MONDAY):
        update = publish(world.hr, quiz=QuizSpec(questions=2, category=bank()))
        confirm(update=update, employee=a, version_number=1)
        from knowledge.services import start_quiz

        pass_quiz(start_quiz(update=update, employee=a))
        confirm(update=update, employee=b, version_number=1)
    client.force_login(world.hr)
    with at(AFTER_DEADLINE):
        page = client.get(f"/updates/manage/{update.pk}/")
    status = page.context["status"]
    teams = {t.team: (t.recipients, t.confirmed, t.passed, t.done, t.late) for t in status.teams}
    assert teams == {"天猫旗舰店": (2, 2, 1, 1, 1), "抖音小店": (1, 0, 0, 0, 1)}
    assert {p.employee.name for p in page.context["late"]} == {b.name, c.name}
    assert "67%" in page.text  # confirmed: 2 of 3


def test_a_trainer_sees_only_the_updates_they_published(client, world):
    veteran("售前甲")
    with at(MONDAY):
        own = publish(world.trainer, title="培训师发布")
        other = publish(world.hr, title="HR 发布")
    client.force_login(world.trainer)
    listed = client.get("/updates/manage/").context["updates"]
    assert [u.pk for u in listed] == [own.pk]
    assert client.get(f"/updates/manage/{other.pk}/").status_code == 404
    assert client.get(f"/updates/manage/{own.pk}/").status_code == 200


def test_the_export_has_one_row_per_recipient(client, world):
    veteran("售前甲")
    veteran("=HYPERLINK(1)")
    with at(MONDAY):
        update = publish(world.hr)
    client.force_login(world.hr)
    response = client.get(f"/updates/manage/{update.pk}/export/")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    people = list(wb.worksheets[1].iter_rows(values_only=True))
    assert len(people) == 3
    assert {row[1] for row in people[1:]} == {"售前甲", "=HYPERLINK(1)"}
    assert wb.worksheets[1]["B1"].value and all(c.data_type == "s" for c in wb.worksheets[1]["B"][1:])


def test_adding_people_on_the_status_page(client, world):
    veteran("售前甲")
    with at(MONDAY):
        update = publish(world.hr)
        client.force_login(world.hr)
        client.post(f"/updates/manage/{update.pk}/people/", {"people": world.trainee.employee_no})
    assert Recipient.objects.filter(update=update, employee=world.trainee, named=True).exists()


def test_attachments_are_downloads_for_recipients_only(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge.services import NewFile

    settings.MEDIA_ROOT = tmp_path
    a = veteran("售前甲")
    with at(MONDAY):
        update = publish_update(
            category="process",
            audience=Audience(tiers=["veteran"]),
            named=[],
            title="t",
            body="b",
            deadline=DEADLINE,
            quiz=None,
            requires_refresher=False,
            files=[NewFile(title="规则.html", upload=SimpleUploadedFile("规则.html", b"<script>x</script>"))],
            by=world.hr,
        )
    attachment = update.current.attachments.get()
    client.force_login(a.user)
    response = client.get(f"/updates/files/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    client.force_login(world.outsider.user)
    assert client.get(f"/updates/files/{attachment.pk}/").status_code == 404


def _many(world, n: int) -> None:
    category = bank() if not Update.objects.exists() else None
    people = [veteran(f"人{n}-{i}", team=f"店{i % 3}") for i in range(n)]
    with at(MONDAY):
        for k in range(n):
            update = publish(world.hr, title=f"更新{n}-{k}", quiz=QuizSpec(questions=1, category=category))
            confirm(update=update, employee=people[k], version_number=1)


def test_the_update_list_costs_the_same_for_2_or_6_updates(client, world, django_assert_num_queries):
    client.force_login(world.hr)
    for size in (2, 6):
        _many(world, size)
        # session, user, roles (nav) | count of updates, the page of updates with their counts | bell
        with django_assert_num_queries(6):
            assert client.get("/updates/manage/").status_code == 200


def test_the_status_page_costs_the_same_for_3_or_30_recipients(client, world, django_assert_num_queries):
    client.force_login(world.hr)
    category = bank()
    for size in (3, 30):
        for i in range(size):
            veteran(f"人{size}-{i}", team=f"店{i % 4}")
        with at(MONDAY):
            update = publish(world.hr, title=f"更新{size}", quiz=QuizSpec(questions=1, category=category))
        # session, user, roles | the update | recipients, receipts, quiz attempts | versions | bell
        with django_assert_num_queries(9):
            assert client.get(f"/updates/manage/{update.pk}/").status_code == 200


def test_my_updates_costs_the_same_for_1_or_5_updates(client, world, django_assert_num_queries):
    a = veteran("售前甲")
    client.force_login(a.user)
    category = bank()
    for size in (1, 5):
        with at(MONDAY):
            for k in range(size if size == 1 else 4):
                publish(world.hr, title=f"更新{size}-{k}", quiz=QuizSpec(questions=1, category=category))
        # session, user, roles, employee | recipients with versions, receipts, passed quizzes | bell
        with django_assert_num_queries(8):
            assert client.get("/updates/").status_code == 200
