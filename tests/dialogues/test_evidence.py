"""Dialogue results on the go-live page and the links from the 情景对话 day (day 6) of the trainee's today."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dialogues.models import Reply, Scenario, Session
from dialogues.services import score_session, start_session, submit_reply
from employees.models import PositionClass
from tests.desk.test_today import at

pytestmark = pytest.mark.django_db

GOOD = {"attitude": 4, "wording": 4, "resolution": 4, "timeliness": 4}


def run(world, code: str, *, text: str | None = None) -> Session:
    session = start_session(employee=world.trainee, scenario=Scenario.objects.get(code=code))
    for turn in session.scenario.turns.all():
        Reply.objects.create(session=session, turn=turn, shown_at=session.started_at)
        submit_reply(session=session, text=text or turn.reference_answer)
    session.refresh_from_db()
    return session


def test_go_live_shows_counting_runs_and_is_met_with_two_scenarios_scored(client, world):
    world.trainee.position_class = PositionClass.IN_SALE
    world.trainee.save()
    first = run(world, "in-address-change")
    run(world, "in-address-change", text="好的")  # practise again: never counts, never shown
    second = run(world, "in-logistics-delay")
    client.force_login(world.hr)
    url = reverse("go_live", kwargs={"pk": world.enrollment.pk})
    section = client.get(url).context["sections"]
    block = next(s for s in section if s.template == "dialogues/_go_live_section.html")
    assert [s.pk for s in block.context["sessions"]] == [first.pk, second.pk]
    assert block.met is False  # no trainer's score yet
    for session in (first, second):
        score_session(session=session, levels=GOOD, comment="", by=world.trainer)
    page = client.get(url)
    block = next(s for s in page.context["sections"] if s.template == "dialogues/_go_live_section.html")
    assert block.met is True
    assert "下单后修改收货地址" in page.content.decode()


def test_no_dialogue_block_without_a_counting_run(client, world):
    client.force_login(world.hr)
    page = client.get(reverse("go_live", kwargs={"pk": world.enrollment.pk}))
    assert all(s.template != "dialogues/_go_live_section.html" for s in page.context["sections"])


def test_day_six_links_to_the_dialogues_of_the_trainees_class(client, world):
    client.force_login(world.trainee.user)
    with at(date(2026, 11, 23)):  # day 6 of the cohort
        page = client.get("/today/").content.decode()
    assert "练习情景对话：连衣裙尺码与面料咨询" in page  # pre-sale, the trainee's class
    assert "物流三天未更新" not in page  # in-sale
    with at(date(2026, 11, 20)):  # day 5
        assert "练习情景对话" not in client.get("/today/").content.decode()
