"""Score sheets in the admin: HR edits a sheet until a check is scored against it; then it is frozen and
"Make a new version" carries the changes. Checks are read-only there."""

from __future__ import annotations

import pytest

from quality.models import Category, ScoreSheet
from tests.quality.helpers import check, default_sheet, item

pytestmark = pytest.mark.django_db


def test_hr_edits_an_unused_sheet_in_the_admin(client, world):
    client.force_login(world.hr)
    sheet = default_sheet()
    assert client.get(f"/admin/quality/scoresheet/{sheet.pk}/change/").status_code == 200
    category = sheet.categories.get(name="响应时效")
    page = client.get(f"/admin/quality/category/{category.pk}/change/").content.decode()
    assert 'name="items-0-points"' in page  # editable


def test_a_used_sheet_is_read_only_and_cannot_be_deleted(client, world):
    check(world.trainee, world.trainer, "att-no-greeting")
    sheet = default_sheet()
    client.force_login(world.hr)
    page = client.get(f"/admin/quality/scoresheet/{sheet.pk}/change/").content.decode()
    assert 'name="pass_mark"' not in page and 'name="is_active"' in page
    category = sheet.categories.get(name="服务态度")
    page = client.get(f"/admin/quality/category/{category.pk}/change/").content.decode()
    assert 'name="items-0-points"' not in page
    assert client.post(f"/admin/quality/category/{category.pk}/change/", {"name": "改了"}).status_code == 403
    assert client.get(f"/admin/quality/scoresheet/{sheet.pk}/delete/").status_code == 403
    category.refresh_from_db()
    assert category.name == "服务态度"


def test_make_a_new_version_copies_the_sheet_and_puts_it_in_use(client, world):
    check(world.trainee, world.trainer, "att-no-greeting")
    sheet = default_sheet()
    client.force_login(world.hr)
    response = client.post(
        "/admin/quality/scoresheet/", {"action": "make_new_version", "_selected_action": [sheet.pk]}, follow=True
    )
    assert response.status_code == 200
    copy = ScoreSheet.objects.get(code=sheet.code, version=2)
    assert copy.is_active and not ScoreSheet.objects.get(pk=sheet.pk).is_active
    assert item("att-no-greeting", copy).points == -3
    # The copy is editable: a category can be added to it.
    assert Category.objects.filter(sheet=copy).count() == 6


def test_items_that_make_no_sense_are_refused(world):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    red = item("red-abuse")
    red.points = -10
    twin = item("att-no-greeting")
    twin.pk = None
    with translation.override("en"):
        with pytest.raises(ValidationError, match="red line"):
            red.full_clean()
        with pytest.raises(ValidationError, match="has this code"):
            twin.full_clean()


def test_checks_are_read_only_in_the_admin(client, world):
    c = check(world.trainee, world.trainer, "red-abuse")
    client.force_login(world.hr)
    page = client.get(f"/admin/quality/qualitycheck/{c.pk}/change/").content.decode()
    assert 'name="total"' not in page and "顾客：在吗？" in page
    assert client.get("/admin/quality/qualitycheck/add/").status_code == 403
