"""In Chinese, "name" is 姓名 for a person only: cohorts, plans, phases, holidays and question categories are
名称 (批次名称 for a cohort) in the admin's forms and lists."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/admin/training/cohort/add/", "批次名称"),
        ("/admin/training/plantemplate/add/", "名称"),
        ("/admin/training/calendarday/add/", "名称"),
        ("/admin/assessments/category/add/", "名称"),
    ],
)
def test_things_are_not_labelled_with_a_persons_name(client, url, label):
    client.force_login(User.objects.create_superuser("root", password="x"))
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'for="id_name">{label}' in html
    assert "姓名" not in html


def test_a_persons_name_is_still_a_name(client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    html = client.get("/admin/employees/employee/add/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'for="id_name">姓名' in html
