"""Importing questions from Excel, who may: HR and trainers only; the admin's links to the import and its
own check of the choices."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from assessments.models import Category
from assessments.question_import import keep_upload
from tests.assessments.question_files import GOOD, counts, upload, xlsx
from tests.conftest import login_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_and_media")]


# ---------------------------------------------------------------------------- access and the admin


@pytest.mark.parametrize("persona", ["trainee", "mentor", "outsider"])
def test_other_roles_get_403(client, world, persona):
    login_as(client, world, persona)
    token = keep_upload(user_id=world.hr.pk, upload=ContentFile(b"PK", name="q.xlsx"))
    assert client.get(reverse("question_import")).status_code == 403
    assert upload(client, xlsx(GOOD)).status_code == 403
    assert client.get(reverse("question_import_template")).status_code == 403
    assert client.post(reverse("question_import_confirm", kwargs={"token": token})).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = client.get(reverse("question_import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_upload_page_explains_the_columns(client, world):
    login_as(client, world, "trainer")
    page = client.get(reverse("question_import")).content.decode()
    assert reverse("question_import_template") in page
    assert "选项A – 选项F" in page
    assert 'enctype="multipart/form-data"' in page


def test_the_question_changelist_links_to_the_import(client, world):
    login_as(client, world, "hr")
    page = client.get(reverse("admin:assessments_question_changelist")).content.decode()
    assert reverse("question_import") in page


def test_the_admin_refuses_a_single_choice_question_with_two_correct_options(client, world):
    login_as(client, world, "hr")
    before = counts()
    data = {
        "category": Category.objects.get(code="returns").pk,
        "type": "single",
        "text": "后台新增的题",
        "difficulty": 1,
        "points": "1",
        "is_active": "on",
        "true_false_answer": "unknown",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        "choices-0-order": "0",
        "choices-0-text": "甲",
        "choices-0-is_correct": "on",
        "choices-1-order": "1",
        "choices-1-text": "乙",
        "choices-1-is_correct": "on",
    }
    response = client.post(reverse("admin:assessments_question_add"), data)
    assert response.status_code == 200
    assert "exactly one correct option" in response.content.decode()
    assert counts() == before

    data.pop("choices-1-is_correct")
    assert client.post(reverse("admin:assessments_question_add"), data).status_code == 302
    assert counts() == (before[0] + 1, before[1] + 2)
