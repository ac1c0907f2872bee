"""Login throttling (django-axes): five wrong passwords for one login from one address lock it there for
15 minutes, with the reason in the user's language; HR unlocks it in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "Right-pass-2026"


@pytest.fixture
def trainee_login(world):
    user = world.trainee.user
    user.set_password(PASSWORD)
    user.save()
    return user.username


def log_in(client, username: str, password: str, *, ip: str = "10.0.0.1", language: str = "zh-hans"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def fail(client, username: str, times: int, **kwargs):
    response = None
    for _ in range(times):
        response = log_in(client, username, "wrong-password", **kwargs)
    return response


def test_four_wrong_passwords_do_not_lock_and_a_right_one_logs_in(client, trainee_login):
    assert fail(client, trainee_login, 4).status_code == 200  # the form again, with its error
    assert log_in(client, trainee_login, PASSWORD).status_code == 302


def test_the_fifth_wrong_password_locks_the_login_with_a_chinese_message(client, trainee_login):
    response = fail(client, trainee_login, 5)
    assert response.status_code == 429
    page = response.content.decode()
    assert "锁定" in page and "15" in page
    # Even the right password is refused now.
    locked = log_in(client, trainee_login, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_message_is_in_english_for_an_english_browser(client, trainee_login):
    response = fail(client, trainee_login, 5, language="en")
    assert "locked" in response.content.decode() and "15 minutes" in response.content.decode()


def test_the_lock_is_per_login_and_address(client, trainee_login, world):
    fail(client, trainee_login, 5, ip="10.0.0.1")
    # The same login from another address, and another login from the same address, still work.
    assert log_in(client, trainee_login, PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    outsider = world.outsider.user
    outsider.set_password(PASSWORD)
    outsider.save()
    assert log_in(client, outsider.username, PASSWORD, ip="10.0.0.1").status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(client, trainee_login):
    fail(client, trainee_login, 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert log_in(client, trainee_login, PASSWORD).status_code == 302


def test_hr_sees_the_attempts_and_unlocks_the_login_in_the_admin(client, trainee_login, world):
    fail(client, trainee_login, 5)
    attempt = AccessAttempt.objects.get(username=trainee_login)
    client.force_login(world.hr)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    response = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    client.logout()
    assert log_in(client, trainee_login, PASSWORD).status_code == 302


def test_a_trainer_cannot_read_the_attempts_in_the_admin(client, trainee_login, world):
    fail(client, trainee_login, 5)
    client.force_login(world.trainer)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_behind_the_proxy_the_address_the_proxy_appended_counts(settings, rf):
    from employees.throttling import client_ip

    request = rf.post("/accounts/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "203.0.113.9"


def test_a_login_name_longer_than_any_account_is_a_form_error_not_a_throttle_record(client):
    """A 300-character name used to reach authenticate() and the throttle's varchar(255) (a 500 on PostgreSQL)."""
    response = log_in(client, "x" * 300, "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()
