"""Roster import, the accounts' first passwords: one-time passwords shown once with only their hashes
stored, and the first-login middleware that makes an imported hire set their own password first."""

from __future__ import annotations

import base64
import re
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from employees.middleware import SESSION_KEY
from employees.models import Employee, Preference
from tests.factories import EmployeeFactory
from tests.training.roster_files import imported, person
from training.roster import issue_one_time_passwords, password_sheet
from training.roster.passwords import IssuedPassword

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roster_env")]

MIDDLEWARE_PATH = "employees.middleware.SetPasswordFirstMiddleware"


# ---------------------------------------------------------------------------- one-time passwords


def test_one_time_passwords_are_shown_once_and_only_their_hashes_are_stored(client, world):
    imported(client, world, [person("K1", "孙一"), person("K2", "+孙二"), person("K3", password="Kefu-2026-given!")])
    response = client.post(reverse("roster_passwords", kwargs={"pk": world.cohort.pk}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    shown = dict(re.findall(r"<tr><td>(K\d)</td><td>[^<]*</td><td[^>]*>([a-z2-9-]+)</td></tr>", page))
    assert set(shown) == {"K1", "K2"}  # K3 was given a password in the file
    for no, password in shown.items():
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
        user = User.objects.get(username=no)
        assert password not in user.password and user.check_password(password)
    assert User.objects.get(username="K3").check_password("Kefu-2026-given!")

    href = re.search(r'href="data:[^;]+;base64,([^"]+)" download="([^"]+)"', page)
    assert href.group(2) == "初始密码-十一月新人批.xlsx"
    sheet = load_workbook(BytesIO(base64.b64decode(href.group(1)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("工号", "姓名", "初始密码")
    assert {(r[0], r[2]) for r in rows[1:]} == set(shown.items())
    assert ("K2", "'+孙二", shown["K2"]) in rows  # never a formula

    again = client.post(reverse("roster_passwords", kwargs={"pk": world.cohort.pk}))
    assert again.status_code == 302
    assert "No account of this cohort is waiting for a password." in client.get(again["Location"]).content.decode()
    assert User.objects.get(username="K1").check_password(shown["K1"])  # the first sheet stays valid


def test_a_second_request_at_the_same_moment_cannot_overwrite_the_passwords_shown(world):
    employees = [EmployeeFactory(employee_no=f"R{i}") for i in range(3)]
    for e in employees:
        e.user.set_unusable_password()
        e.user.save()
        Preference.objects.create(user=e.user, must_set_password=True)
    from training.services import enroll

    enroll(cohort=world.cohort, employees=employees)
    first = issue_one_time_passwords(cohort=world.cohort)
    # The second request read the same accounts before the first one wrote: simulate it by faking its read.
    from training.roster import passwords as module

    class Stale:
        def values_list(self, *args, **kwargs):
            return [(e.user_id, e.employee_no, e.name) for e in employees]

    original = module.waiting_for_password
    module.waiting_for_password = lambda cohort: Stale()
    try:
        second = issue_one_time_passwords(cohort=world.cohort)
    finally:
        module.waiting_for_password = original
    assert len(first) == 3 and second == []
    for item in first:
        assert Employee.objects.get(employee_no=item.employee_no).user.check_password(item.password)


def test_the_password_sheet_neutralises_formulas():
    sheet = load_workbook(BytesIO(password_sheet([IssuedPassword("K1", "@SUM(1)", "abcd-efgh-jkmn")]))).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [("K1", "'@SUM(1)", "abcd-efgh-jkmn")]


def test_the_password_page_is_post_only(client, world):
    client.force_login(world.hr)
    assert client.get(reverse("roster_passwords", kwargs={"pk": world.cohort.pk})).status_code == 405


# ---------------------------------------------------------------------------- first login


@pytest.fixture
def with_middleware(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE_PATH]


def test_an_imported_hire_logs_in_with_the_one_time_password_and_must_set_a_password_first(
    client, world, with_middleware
):
    imported(client, world, [person("K1", "孙一")])
    page = client.post(reverse("roster_passwords", kwargs={"pk": world.cohort.pk})).content.decode()
    one_time = re.search(r"<td[^>]*font-monospace[^>]*>([a-z2-9-]+)</td>", page).group(1)
    client.logout()

    response = client.post(reverse("login"), {"username": "K1", "password": one_time})
    assert response.status_code == 302
    for url in ("/", "/today/", "/week/", reverse("password_change"), "/admin/", reverse("login")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("set_password"), url
    assert client.post("/today/").status_code == 302
    # What stays reachable: the page itself, the language switch, static files, logging out.
    assert client.get(reverse("set_password")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"})["Location"] == "/"
    assert client.get("/static/js/roster.js").status_code != 302

    response = client.post(
        reverse("set_password"), {"new_password1": "Sun-yi-2026-own", "new_password2": "Sun-yi-2026-own"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(username="K1")
    assert not user.preference.must_set_password
    assert user.check_password("Sun-yi-2026-own") and not user.check_password(one_time)
    assert client.get("/today/").status_code == 200  # still logged in, no more detours
    client.logout()
    assert client.post(reverse("login"), {"username": "K1", "password": one_time}).status_code == 200  # refused


def test_a_weak_new_password_is_refused_and_the_duty_stays(client, world, with_middleware):
    employee = imported(client, world, [person("K1")])[0]
    client.force_login(employee.user)
    response = client.post(reverse("set_password"), {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert client.get("/today/")["Location"] == reverse("set_password")


def test_logging_out_is_allowed_before_setting_the_password(client, world, with_middleware):
    employee = imported(client, world, [person("K1")])[0]
    client.force_login(employee.user)
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_the_duty_is_read_once_at_login_not_on_every_request(client, world, with_middleware):
    client.force_login(world.trainee.user)
    assert client.session[SESSION_KEY] is False
    with CaptureQueriesContext(connection) as plain:
        client.get("/week/")
    client.get("/week/")  # nothing from the middleware on later requests either
    assert not any("employees_preference" in q["sql"] for q in plain.captured_queries)


def test_a_session_from_before_the_middleware_is_looked_up_once(client, world, with_middleware):
    Preference.objects.create(user=world.trainee.user, must_set_password=True)
    client.force_login(world.trainee.user)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    assert client.get("/week/")["Location"] == reverse("set_password")
    assert client.session[SESSION_KEY] is True


def test_someone_without_the_duty_is_sent_to_the_usual_password_change(client, world, with_middleware):
    client.force_login(world.trainee.user)
    assert client.get(reverse("set_password"))["Location"] == reverse("password_change")
    assert client.get("/week/").status_code == 200
