"""HR's certifications page: counts per competency, filters, a fixed number of queries whatever the number
of people, the workbook with the rows the page shows, and the block on the employee's page."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from career.models import Competency
from employees.models import PositionClass, Tier
from tests.career.career_data import certify, veteran

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def staff(world):
    """Four veterans in platform rules: valid, expiring, expired, never certified (plus the world's people)."""
    people = {
        "valid": veteran("有效", team="旗舰店"),
        "expiring": veteran("将到期", team="旗舰店", position_class=PositionClass.AFTER_SALE),
        "expired": veteran("已过期", team="二店", tier=Tier.PROMOTION),
        "none": veteran("未认证", team="二店"),
    }
    certify(people["valid"], "platform-rules", on=date(2026, 6, 1), until=date(2027, 6, 1))
    certify(people["expiring"], "platform-rules", on=date(2025, 12, 20), until=date(2026, 12, 20))
    certify(people["expired"], "platform-rules", on=date(2025, 11, 1), until=date(2026, 11, 1))
    return people


def page(client, competency: int | None = None, **query):
    with time_machine.travel(TODAY, tick=False):
        return client.get(reverse("certifications"), {"competency": competency or rules().pk, **query})


def rules() -> Competency:
    return Competency.objects.get(code="platform-rules")


def names(response) -> set[str]:
    return {e.name for e in response.context["page"]}


def test_the_page_counts_each_standing_per_competency(client, world, staff):
    client.force_login(world.hr)
    response = page(client)
    counts = {row.competency.code: row for row in response.context["counts"]}
    platform = counts["platform-rules"]
    # The world's mentor, trainee and outsider are employees too: never certified.
    assert (platform.valid, platform.expiring, platform.expired, platform.none) == (1, 1, 1, 4)
    assert counts["systems"].none == 7
    html = response.content.decode()
    assert "平台规则" in html and "将到期" in html


def test_the_filters_narrow_the_people(client, world, staff):
    client.force_login(world.hr)
    assert names(page(client, standing="expiring")) == {"将到期"}
    assert names(page(client, standing="expired")) == {"已过期"}
    assert names(page(client, team="二店")) == {"已过期", "未认证"}
    assert names(page(client, tier="promotion")) == {"已过期"}
    assert names(page(client, position_class="after_sale", tier="veteran")) == {"将到期"}
    # The counts follow the filter.
    (platform,) = [r for r in page(client, team="旗舰店").context["counts"] if r.competency.code == "platform-rules"]
    assert (platform.valid, platform.expiring, platform.expired, platform.none) == (1, 1, 0, 0)


def test_bad_filters_are_ignored_not_an_error(client, world, staff):
    client.force_login(world.hr)
    response = page(client, standing="soon", tier="boss", days="-3", competency="x")
    assert response.status_code == 200
    assert response.context["days"] == 30


def test_a_competency_for_some_position_classes_lists_only_those(client, world, staff):
    client.force_login(world.hr)
    Competency.objects.filter(code="platform-rules").update(position_classes=["after_sale"])
    assert names(page(client)) == {"将到期", "王师傅"}  # the world's mentor is after-sale too


@pytest.mark.parametrize("extra", [0, 30])
def test_the_page_runs_a_fixed_number_of_queries(client, world, staff, extra, django_assert_num_queries):
    for i in range(extra):
        person = veteran(f"老员工{i}", team="旗舰店")
        certify(person, "platform-rules", on=date(2026, 1, 1), until=date(2026, 12, 15 + i % 10))
    client.force_login(world.hr)
    competency = rules().pk
    # Session, user, roles; the competencies; people by position class; current certifications by competency,
    # position class and standing; the count and the page of the competency's people; the unread bell.
    with django_assert_num_queries(9):
        response = page(client, competency)
    assert response.status_code == 200


def test_the_workbook_holds_the_rows_of_the_filter(client, world, staff):
    client.force_login(world.hr)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(reverse("certifications_export"), {"competency": rules().pk, "team": "旗舰店"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:2] == ("工号", "姓名")
    by_name = {r[1]: r for r in body}
    assert set(by_name) == {"有效", "将到期"}
    assert by_name["将到期"][6] == "即将到期"
    assert by_name["将到期"][8].date() == date(2026, 12, 20)
    about = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert about["能力项"] == "平台规则"


def test_the_employee_page_shows_their_certifications_and_timeline(client, world, staff):
    client.force_login(world.hr)
    certify(staff["expiring"], "platform-rules", on=date(2024, 12, 20), until=date(2025, 12, 20))
    with time_machine.travel(TODAY, tick=False):
        response = client.get(reverse("employee_detail", args=[staff["expiring"].pk]))
    html = response.content.decode()
    assert "career/_employee_certifications.html" in html
    assert "即将到期" in html and "平台规则" in html and "1 次更早的认证" in html
    assert any("平台规则" in e.subject for e in response.context["timeline"])
