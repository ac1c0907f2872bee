"""Rewards and penalties (激励与奖惩): proposed with points and/or yuan and evidence, pending until HR
approves; on the employee's page and timeline, in the Excel export, evidence served as a download."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from coaching.models import Decision, RewardPenalty
from coaching.sections import rewards_section
from coaching.services import CoachingError, decide_reward, propose_reward
from employees.roles import roles_of
from tests.coaching.fixtures import reward_for
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_a_mentor_proposes_a_reward_with_evidence_and_it_waits_for_hr(client, world):
    client.force_login(world.mentor.user)
    url = reverse("reward_propose") + f"?employee={world.trainee.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "reward",
            "reason": "双十一接待量第一",
            "points": "20",
            "amount": "300.00",
            "evidence_text": "",
            "evidence_file": SimpleUploadedFile("好评截图.png", b"\x89PNG\r\n\x1a\n"),
        },
    )
    item = RewardPenalty.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reward_detail", args=[item.pk])
    assert (item.status, item.points, item.amount, item.proposed_by) == (
        Decision.PENDING,
        20,
        Decimal("300.00"),
        world.mentor.user,
    )
    client.force_login(world.hr)
    assert client.get(reverse("rewards") + "?show=pending").context["pending"] == 1


def test_a_proposal_needs_points_or_an_amount_and_evidence(client, world):
    client.force_login(world.hr)
    response = client.post(
        reverse("reward_propose") + f"?employee={world.trainee.pk}", {"kind": "penalty", "reason": "迟到"}
    )
    assert set(response.context["form"].errors) == {"points", "evidence_text"}
    with pytest.raises(CoachingError):
        propose_reward(employee=world.trainee, kind="penalty", reason="x", evidence_text="考勤记录", by=world.hr)
    assert not RewardPenalty.objects.exists()


def test_an_evidence_file_that_is_not_a_document_or_picture_is_refused(client, world):
    client.force_login(world.hr)
    response = client.post(
        reverse("reward_propose") + f"?employee={world.trainee.pk}",
        {"kind": "reward", "reason": "x", "points": "5", "evidence_file": SimpleUploadedFile("run.html", b"<script>")},
    )
    assert "evidence_file" in response.context["form"].errors and not RewardPenalty.objects.exists()


def test_hr_approves_once_and_a_second_decision_is_refused(client, world):
    item = reward_for(world.trainee, by=world.mentor.user)
    client.force_login(world.hr)
    url = reverse("reward_detail", args=[item.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decided_by) == (Decision.APPROVED, world.hr)
    client.post(url, {"decision": "reject", "note": "重复"})
    item.refresh_from_db()
    assert item.status == Decision.APPROVED
    with translation.override("en"), pytest.raises(CoachingError, match="already been decided"):
        decide_reward(item=item, approve=False, note="x", by=world.hr)


def test_a_rejection_says_why_and_only_hr_decides(client, world):
    item = reward_for(world.trainee, by=world.mentor.user)
    client.force_login(world.hr)
    response = client.post(reverse("reward_detail", args=[item.pk]), {"decision": "reject", "note": ""})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    with pytest.raises(CoachingError):
        decide_reward(item=item, approve=True, by=world.mentor.user)
    item.refresh_from_db()
    assert item.status == Decision.PENDING


def test_only_approved_ones_count_on_the_employee_page(client, world):
    approved = reward_for(world.trainee, by=world.mentor.user)
    decide_reward(item=approved, approve=True, by=world.hr)
    reward_for(world.trainee, by=world.mentor.user)  # still pending
    penalty = reward_for(world.trainee, by=world.hr, kind="penalty")
    decide_reward(item=penalty, approve=True, by=world.hr)
    client.force_login(world.hr)
    page = client.get(reverse("employee_detail", args=[world.trainee.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Approved: rewards 10 points, ¥200.00; penalties 10 points, ¥200.00" in text
    assert "1 pending" in text


def test_the_proposal_and_hrs_decision_are_on_the_employee_timeline(client, world):
    item = reward_for(world.trainee, by=world.mentor.user)
    decide_reward(item=item, approve=True, by=world.hr)
    client.force_login(world.hr)
    response = client.get(reverse("employee_detail", args=[world.trainee.pk]), HTTP_ACCEPT_LANGUAGE="en")
    entries = [e for e in response.context["timeline"] if e.subject == f"Reward or penalty no. {item.pk}"]
    assert [e.who for e in entries] == ["周敏", "王师傅"]  # newest first: HR's approval, the mentor's proposal
    assert any(c.before == "Pending approval" and c.after == "Approved" for c in entries[0].changes)


@pytest.mark.parametrize("items", [1, 5])
def test_the_rewards_section_runs_two_queries_whatever_the_number(world, django_assert_num_queries, items):
    for _ in range(items):
        reward_for(world.trainee, by=world.hr)
    roles_of(world.hr)
    with django_assert_num_queries(2):  # the totals, the latest few (with who proposed them)
        rewards_section(employee=world.trainee, viewer=world.hr)


def test_the_evidence_file_is_always_a_download_that_runs_nothing(client, world):
    item = reward_for(world.trainee, by=world.mentor.user, with_file=True)
    client.force_login(world.mentor.user)
    response = client.get(reverse("reward_evidence", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("items", [2, 6])
def test_the_list_runs_the_same_queries_whatever_the_number(client, world, django_assert_num_queries, items):
    for _ in range(items):
        reward_for(EmployeeFactory(), by=world.hr)
    client.force_login(world.hr)
    client.get(reverse("rewards"))
    # Session, user, roles; the number of rows, the bell's unread count, the page (employee, proposer and
    # approver joined), the pending count.
    with django_assert_num_queries(7):
        response = client.get(reverse("rewards"))
    assert len(response.context["page"]) == items


def test_hr_exports_the_period_with_text_kept_as_text_and_approved_totals(client, world):
    item = propose_reward(
        employee=world.trainee,
        kind="penalty",
        reason='=HYPERLINK("http://x")',
        points=5,
        evidence_text="-差评",
        by=world.hr,
    )
    decide_reward(item=item, approve=True, by=world.hr)
    client.force_login(world.hr)
    response = client.get(reverse("rewards_export"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Rewards and penalties"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Employee number", "Name", "Team / shop", "Type", "Points", "Amount (¥)")
    assert rows[1][0] == world.trainee.employee_no and rows[1][3] == "Penalty" and rows[1][11] == "Approved"
    assert sheet.cell(row=2, column=7).data_type == "s"  # the formula stays text
    totals = list(book["Approved totals"].iter_rows(values_only=True))
    assert totals[1][:6] == (world.trainee.employee_no, "张小花", 1, 0, 5, -5)
