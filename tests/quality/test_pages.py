"""The quality pages as their users meet them: scoring a chat, reading a check, changing it, the results of
an employee and of the teams, the export, one's own checks, and the block on HR's employee page."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from quality.models import QualityCheck
from tests.factories import EmployeeFactory
from tests.quality.helpers import check, default_sheet, form_data
from training.services import enroll

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# ---------------------------------------------------------------------------- scoring


def test_hr_scores_a_chat_and_the_server_computes_the_total(client, world):
    client.force_login(world.hr)
    url = f"/quality/new/?employee={world.trainee.pk}&sheet={default_sheet().pk}"
    page = client.get(url)
    assert page.status_code == 200 and "张小花" in page.content.decode()
    data = form_data("att-no-greeting", "pro-facts-unchecked", total="100", passed="on")  # no such fields: ignored
    response = client.post(url, data, follow=True)
    saved = QualityCheck.objects.get()
    assert response.redirect_chain[-1][0] == f"/quality/checks/{saved.pk}/"
    assert str(saved.total) == "87.0" and saved.passed and saved.checker == world.hr
    assert "scored 87.0" in response.content.decode()


def test_a_red_line_from_the_form_scores_zero_and_says_a_refresher_was_asked_for(client, world):
    client.force_login(world.trainer)
    response = client.post(f"/quality/new/?employee={world.trainee.pk}", form_data("red-abuse"), follow=True)
    body = response.content.decode()
    assert "hit a red line" in body and "Refreshers asked for" in body
    assert QualityCheck.objects.get().red_line


def test_a_future_chat_date_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world.trainer)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/quality/new/?employee={world.trainee.pk}", form_data("red-abuse", chat_date=tomorrow, excerpt="")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "cannot be in the future" in body and "This field is required" in body
    assert not QualityCheck.objects.exists()


def test_a_trainer_finds_and_scores_only_the_people_they_train(client, world):
    client.force_login(world.trainer)
    found = client.get("/quality/new/", {"q": world.trainee.employee_no}).content.decode()
    assert f"?employee={world.trainee.pk}" in found
    not_found = client.get("/quality/new/", {"q": world.outsider.employee_no}).content.decode()
    assert "Nobody found" in not_found
    assert client.get(f"/quality/new/?employee={world.outsider.pk}").status_code == 404
    assert client.post(f"/quality/new/?employee={world.outsider.pk}", form_data()).status_code == 404
    assert not QualityCheck.objects.exists()


def test_a_retired_sheet_in_the_form_address_saves_nothing(client, world):
    from quality.sheets import new_version

    old = default_sheet()
    data = form_data("att-no-greeting", sheet=old)
    new_version(sheet=old)
    client.force_login(world.hr)
    response = client.post(f"/quality/new/?employee={world.trainee.pk}&sheet={old.pk}", data)
    assert response.status_code == 200 and "no longer in use" in response.content.decode()
    assert not QualityCheck.objects.exists()


# ---------------------------------------------------------------------------- reading and changing


def test_a_failed_check_offers_a_coaching_plan_to_the_staff_but_not_to_the_employee(client, world):
    c = check(world.trainee, world.trainer, "red-privacy")
    link = f"/coaching/new/?employee={world.trainee.pk}&amp;check={c.pk}"
    for user in (world.hr, world.trainer, world.mentor.user):
        client.force_login(user)
        assert link in client.get(f"/quality/checks/{c.pk}/").content.decode(), user
    client.force_login(world.trainee.user)
    own = client.get(f"/quality/checks/{c.pk}/").content.decode()
    assert "/coaching/new/" not in own and f"/quality/checks/{c.pk}/edit/" not in own
    assert "顾客：在吗？" in own  # the excerpt, read-only


def test_a_passed_check_offers_no_coaching_plan(client, world):
    c = check(world.trainee, world.trainer, "att-no-greeting")
    client.force_login(world.hr)
    assert "/coaching/new/" not in client.get(f"/quality/checks/{c.pk}/").content.decode()


def test_the_trainer_who_scored_a_check_changes_it_and_the_total_follows(client, world):
    c = check(world.trainee, world.trainer, "pro-wrong-answer")
    client.force_login(world.trainer)
    form = client.get(f"/quality/checks/{c.pk}/edit/").content.decode()
    assert "checked" in form and "TB20261116-0001" in form
    data = form_data("pro-wrong-answer", "pro-no-solution", excerpt=c.excerpt, session_ref="TB-1")
    response = client.post(f"/quality/checks/{c.pk}/edit/", data)
    assert response.status_code == 302
    c.refresh_from_db()
    assert str(c.total) == "75.0" and not c.passed and c.session_ref == "TB-1"
    client.force_login(world.other_trainer)
    assert client.post(f"/quality/checks/{c.pk}/edit/", data).status_code == 404


# ---------------------------------------------------------------------------- results


def test_an_employees_page_shows_average_red_lines_trend_and_the_items_missed_most(client, world):
    today = timezone.localdate()
    check(world.trainee, world.trainer, "att-no-greeting", on=today - timedelta(days=20))
    check(world.trainee, world.trainer, "att-no-greeting", "pro-wrong-answer", on=today - timedelta(days=10))
    check(world.trainee, world.trainer, "red-ad-law", on=today)
    check(world.trainee, world.trainer, on=today - timedelta(days=200))  # outside the default 90 days
    client.force_login(world.mentor.user)
    response = client.get(f"/quality/employees/{world.trainee.pk}/")
    stats = response.context["stats"]
    assert (stats.count, str(stats.average), stats.red_lines) == (3, "59.7", 1)  # (97 + 82 + 0) / 3
    assert [p["total"] for p in response.context["chart"]["points"]] == [97.0, 82.0, 0.0]
    assert response.context["missed"][0].title == "无欢迎语或欢迎语不规范" and response.context["missed"][0].times == 2
    assert 'id="quality-trend-data"' in response.content.decode()
    wider = client.get(f"/quality/employees/{world.trainee.pk}/", {"since": (today - timedelta(days=365)).isoformat()})
    assert wider.context["stats"].count == 4


def test_teams_show_averages_red_lines_and_what_each_team_misses_most(client, world):
    world.trainee.team = "天猫旗舰店"
    world.trainee.save()
    world.outsider.team = "抖音小店"
    world.outsider.save()
    check(world.trainee, world.hr, "att-no-greeting")
    check(world.trainee, world.hr, "att-no-greeting", "pro-wrong-answer")
    check(world.outsider, world.hr, "red-off-platform")
    client.force_login(world.hr)
    rows = {r.team: r for r in client.get("/quality/teams/").context["rows"]}
    assert str(rows["天猫旗舰店"].summary.average) == "89.5" and rows["天猫旗舰店"].summary.red_lines == 0
    assert rows["天猫旗舰店"].missed[0].title == "无欢迎语或欢迎语不规范" and rows["天猫旗舰店"].missed[0].times == 2
    assert rows["抖音小店"].summary.red_lines == 1 and rows["抖音小店"].missed[0].red_line
    # A trainer's figures count only the people they train.
    client.force_login(world.trainer)
    assert [r.team for r in client.get("/quality/teams/").context["rows"]] == ["天猫旗舰店"]


def test_the_list_filters_by_team_employee_and_outcome(client, world):
    world.trainee.team = "天猫旗舰店"
    world.trainee.save()
    check(world.trainee, world.hr, "att-no-greeting")
    check(world.trainee, world.hr, "red-abuse")
    check(world.outsider, world.hr, "pro-wrong-answer", "pro-no-solution")
    client.force_login(world.hr)

    def shown(**query):
        return sorted(c.employee.name for c in client.get("/quality/", query).context["page"])

    assert shown() == ["刘局外", "张小花", "张小花"]
    assert shown(team="天猫旗舰店") == ["张小花", "张小花"]
    assert shown(q=world.outsider.employee_no) == ["刘局外"]
    assert shown(outcome="red_line") == ["张小花"]
    assert shown(outcome="failed") == ["刘局外", "张小花"]
    assert client.get("/quality/", {"team": "没有这个组"}).context["page"] is None  # not a choice: nothing shown


def test_the_export_holds_the_checks_in_scope_with_their_items_and_neutralised_text(client, world):
    check(world.trainee, world.trainer, "att-no-greeting", "red-privacy", notes={"red-privacy": "=HYPERLINK(1)"})
    check(world.outsider, world.hr, "pro-wrong-answer")
    client.force_login(world.trainer)
    response = client.get("/quality/export.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    checks = list(book.worksheets[0].values)
    assert len(checks) == 2 and checks[1][3] == "张小花" and checks[1][9] == 0  # the outsider is not the trainer's
    hits = book.worksheets[1]
    assert {row[6] for row in hits.iter_rows(min_row=2, values_only=True)} == {"无欢迎语或欢迎语不规范", "泄露客户信息"}
    note = next(row[9] for row in hits.iter_rows(min_row=2) if row[9].value)
    assert note.value == "=HYPERLINK(1)" and note.data_type == "s"  # text, not a formula


def test_an_employee_sees_their_own_checks_and_a_mentor_their_mentees(client, world):
    check(world.trainee, world.trainer, "red-privacy")
    check(world.outsider, world.hr, "att-no-greeting")
    client.force_login(world.trainee.user)
    page = client.get("/quality/mine/")
    assert [c.employee for c in page.context["page"]] == [world.trainee]
    client.force_login(world.mentor.user)
    mentees = list(client.get("/quality/mine/").context["mentees"])
    assert [(m.name, m.checks, m.red_lines) for m in mentees] == [("张小花", 1, 1)]


def test_hrs_employee_page_shows_recent_checks_and_the_timeline_records_them(client, world):
    c = check(world.trainee, world.trainer, "att-no-greeting")
    from quality.services import CheckInput, rescore_check

    rescore_check(
        check=c,
        data=CheckInput(chat_date=c.chat_date, platform="jd", excerpt=c.excerpt),
        by=world.hr,
    )
    client.force_login(world.hr)
    body = client.get(f"/employees/{world.trainee.pk}/").content.decode()
    assert 'data-section="quality/_section.html"' in body and f"/quality/checks/{c.pk}/" in body
    assert "Quality check · " in body and "97 → 100" in body


def test_the_sheet_page_shows_what_is_checked(client, world):
    client.force_login(world.trainee.user)
    body = client.get(f"/quality/sheets/{default_sheet().pk}/").content.decode()
    assert "泄露客户信息" in body and "销售能力" in body


# ---------------------------------------------------------------------------- queries


def _people(world, n: int) -> list:
    people = [world.trainee] + [EmployeeFactory(team="天猫旗舰店" if i % 2 else "抖音小店") for i in range(n - 1)]
    enroll(cohort=world.cohort, employees=people[1:])
    today = timezone.localdate()
    for i, person in enumerate(people):
        check(person, world.trainer, "att-no-greeting", on=today - timedelta(days=i % 5))
        check(person, world.trainer, "red-abuse" if i % 3 == 0 else "pro-wrong-answer", on=today - timedelta(days=1))
    return people


@pytest.mark.parametrize("n", [2, 12])
def test_the_list_takes_the_same_queries_for_few_or_many_checks(client, world, n):
    _people(world, n)
    client.force_login(world.trainer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/quality/")
    assert response.status_code == 200 and len(response.context["page"]) == 2 * n
    # session, user, roles, bell; teams in scope; summary; count (pages); the page's checks with employee, sheet
    assert len(ctx.captured_queries) == 8, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("n", [2, 12])
def test_the_team_page_takes_the_same_queries_for_few_or_many_checks(client, world, n):
    _people(world, n)
    client.force_login(world.trainer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/quality/teams/")
    assert sum(r.summary.count for r in response.context["rows"]) == 2 * n
    # session, user, roles, bell; per team; missed per team; summary; missed overall
    assert len(ctx.captured_queries) == 8, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("n", [2, 12])
def test_an_employees_page_takes_the_same_queries_for_few_or_many_checks(client, world, n):
    today = timezone.localdate()
    for i in range(2 * n):
        check(
            world.trainee, world.trainer, "att-no-greeting" if i % 2 else "proc-no-notes", on=today - timedelta(days=i)
        )
    client.force_login(world.trainer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/quality/employees/{world.trainee.pk}/")
    assert response.context["stats"].count == 2 * n
    # session, user, roles, bell; employee with mentor; "trains them?"; summary; trend; missed most;
    # count (pages); the page's checks with sheet; the pass mark of the sheet in use
    assert len(ctx.captured_queries) == 12, [q["sql"] for q in ctx.captured_queries]


def test_odd_addresses_of_the_new_check_page_answer_without_an_error(client, world):
    client.force_login(world.hr)
    trainee = world.trainee.pk
    for query, status in [
        ("employee=abc", 200),  # not an id: the search
        ("employee=１２", 200),
        ("employee=99999999999999999999", 200),
        ("employee=922337203685477580", 404),  # an id nobody has
        (f"employee={trainee}&sheet=99999999999999999999", 200),  # not a sheet in use: the first one
        (f"employee={trainee}&sheet=x", 200),
    ]:
        assert client.get(f"/quality/new/?{query}").status_code == status, query
    response = client.post(f"/quality/new/?employee={trainee}&sheet=x", form_data("att-no-greeting"))
    assert response.status_code == 200 and not QualityCheck.objects.exists()
