"""Delivering notifications (once only, e-mail in the recipient's language, failures kept and
retried), the bell, the notification pages and their scope, the admin, and the beat schedule."""

from __future__ import annotations

from datetime import date
from smtplib import SMTPException
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from employees.models import Preference
from notifications.context_processors import notifications as bell_context
from notifications.models import Notification, ReminderLog
from notifications.reminders import send_daily_plans, short_date
from notifications.services import Draft, Kind, deliver, notify, send_notification_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 19)


def draft(user: User, *, kind: str = Kind.DAILY_PLAN, day: date = DAY, subject: str = "") -> Draft:
    return Draft(
        user_id=user.pk,
        kind=kind,
        day=day,
        subject=subject,
        url="/today/",
        write=lambda: (f"Plan for {short_date(day)}", "09:00 破冰"),
    )


# --- Exactly once ------------------------------------------------------------------------------


def test_notify_creates_the_notification_and_its_log_once(world):
    user = world.trainee.user
    first = notify(user, Kind.DAILY_PLAN, "今日安排", "09:00 破冰", "/today/", DAY)
    assert first is not None
    assert ReminderLog.objects.get(user=user, kind=Kind.DAILY_PLAN, day=DAY).notification == first
    assert notify(user, Kind.DAILY_PLAN, "今日安排", "09:00 破冰", "/today/", DAY) is None
    assert Notification.objects.filter(user=user).count() == 1


def test_the_subject_makes_a_separate_reminder_on_the_same_day(world):
    user = world.trainee.user
    assert notify(user, Kind.EXAM_EVE, "考试 A", "", "/exams/a/", DAY, subject="a") is not None
    assert notify(user, Kind.EXAM_EVE, "考试 B", "", "/exams/b/", DAY, subject="b") is not None
    assert notify(user, Kind.EXAM_EVE, "考试 A", "", "/exams/a/", DAY, subject="a") is None


def test_a_duplicate_inside_a_transaction_leaves_the_transaction_usable(world):
    user = world.trainee.user
    notify(user, Kind.DAILY_PLAN, "今日安排", "", "/today/", DAY)
    with transaction.atomic():
        assert notify(user, Kind.DAILY_PLAN, "今日安排", "", "/today/", DAY) is None
        other = notify(world.outsider.user, Kind.DAILY_PLAN, "今日安排", "", "/today/", DAY)  # still works
    assert other is not None


def test_a_batch_that_races_another_worker_still_sends_each_person_once(world):
    """Another worker logged the trainee's reminder after this batch looked: the bulk insert
    fails on the unique constraint, and the batch falls back to one savepoint per person."""
    trainee, outsider = world.trainee.user, world.outsider.user
    real_filter = ReminderLog.objects.filter

    def looked_before_the_other_worker_wrote(*args, **kwargs):
        result = list(real_filter(*args, **kwargs).values_list("user_id", "kind", "day", "subject"))
        notify(trainee, Kind.DAILY_PLAN, "另一个进程", "", "/today/", DAY)
        return mock.Mock(values_list=lambda *a: result)

    with mock.patch.object(ReminderLog.objects, "filter", side_effect=looked_before_the_other_worker_wrote):
        created = deliver([draft(trainee), draft(outsider)])
    assert [n.user for n in created] == [outsider]
    assert [n.title for n in Notification.objects.filter(user=trainee)] == ["另一个进程"]
    assert Notification.objects.filter(user=outsider).count() == 1


def test_the_same_person_twice_in_one_batch_gets_one(world):
    created = deliver([draft(world.trainee.user), draft(world.trainee.user)])
    assert len(created) == 1


def test_long_titles_are_shortened_to_fit(world):
    note = notify(world.trainee.user, Kind.DAILY_PLAN, "长" * 300, "", "/today/", DAY)
    assert len(note.title) == 200 and note.title.endswith("…")


# --- E-mail ------------------------------------------------------------------------------------


def test_email_is_written_in_each_recipients_language(world, django_capture_on_commit_callbacks, eager_tasks):
    chinese, english = world.trainee.user, world.outsider.user
    chinese.email, english.email = "xiaohua@example.com", "liu@example.com"
    chinese.save()
    english.save()
    Preference.objects.create(user=english, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_plans(on=DAY) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    zh, en = by_address["xiaohua@example.com"], by_address["liu@example.com"]
    # The date is written by each language's own format; the HTML says which language it is in.
    assert "11月19日" in zh.subject and "November" not in zh.subject
    assert "November 19" in en.subject and "11月19日" not in en.subject
    assert en.subject.startswith("[Training desk] Today's plan")
    assert en.body.startswith("Hello ")
    assert '<html lang="zh-hans">' in zh.alternatives[0][0]
    assert '<html lang="en">' in en.alternatives[0][0]
    # The body of the in-app notification is in the e-mail, with the link to open it.
    assert "师傅旁看" in zh.body and "王师傅" in zh.body
    note = Notification.objects.get(user=chinese)
    assert f"/notifications/{note.pk}/open/" in zh.body
    assert note.emailed_at is not None


def test_the_email_language_follows_the_preference_not_the_page(world, django_capture_on_commit_callbacks, eager_tasks):
    user = world.trainee.user
    user.email = "xiaohua@example.com"
    user.save()
    Preference.objects.create(user=user, language="en")
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        deliver([draft(user)])
    assert "November 19" in mail.outbox[0].subject


def test_no_email_for_someone_who_switched_it_off(world, django_capture_on_commit_callbacks, eager_tasks):
    user = world.trainee.user
    user.email = "xiaohua@example.com"
    user.save()
    Preference.objects.create(user=user, email_reminders=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        deliver([draft(user)])
    assert mail.outbox == [] and callbacks == []
    assert Notification.objects.get(user=user).emailed_at is None


def test_no_email_without_an_address(world, django_capture_on_commit_callbacks, eager_tasks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(world.trainee.user, Kind.DAILY_PLAN, "今日安排", "", "/today/", DAY)
    assert mail.outbox == [] and callbacks == []


def test_an_email_switched_off_after_queueing_is_not_sent(world):
    user = world.trainee.user
    user.email = "xiaohua@example.com"
    user.save()
    note = notify(user, Kind.DAILY_PLAN, "今日安排", "", "/today/", DAY)
    Preference.objects.create(user=user, email_reminders=False)
    assert send_notification_email(note.pk) is False
    assert mail.outbox == []


def test_a_failed_send_keeps_the_notification_and_raises_for_a_retry(world):
    from notifications.tasks import send_notification_email_task

    user = world.trainee.user
    user.email = "xiaohua@example.com"
    user.save()
    note = notify(user, Kind.DAILY_PLAN, "今日安排", "09:00 破冰", "/today/", DAY)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("421 try later")):
        with pytest.raises(SMTPException):
            send_notification_email_task(note.pk)
        # Through Celery, the same failure is a retry, not a lost message.
        with (
            mock.patch.object(send_notification_email_task, "retry", side_effect=RuntimeError("retry")) as retry,
            pytest.raises(RuntimeError, match="retry"),
        ):
            send_notification_email_task.apply(args=[note.pk], throw=True)
        assert isinstance(retry.call_args.kwargs["exc"], SMTPException)
    note.refresh_from_db()
    assert note.emailed_at is None and note.read_at is None
    # The retry, once the server is back, sends it, and a second retry sends nothing more.
    assert send_notification_email_task(note.pk) is True
    assert send_notification_email_task(note.pk) is False
    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_a_broker_that_is_down_does_not_undo_the_notifications(world, django_capture_on_commit_callbacks):
    user = world.trainee.user
    user.email = "xiaohua@example.com"
    user.save()
    with (
        mock.patch("notifications.tasks.send_notification_email_task.delay", side_effect=OSError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = deliver([draft(user)])
    assert len(created) == 1 and Notification.objects.filter(user=user).exists()


def _two_with_addresses(world) -> tuple[User, User]:
    chinese, english = world.trainee.user, world.outsider.user
    chinese.email, english.email = "xiaohua@example.com", "bounce@example.com"
    chinese.save()
    english.save()
    return chinese, english


def test_a_batch_is_emailed_by_one_task(world, django_capture_on_commit_callbacks):
    _two_with_addresses(world)
    with (
        mock.patch("notifications.tasks.send_notification_emails_task.delay") as batch,
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = deliver([draft(world.trainee.user), draft(world.outsider.user)])
    batch.assert_called_once_with([n.pk for n in created])


def test_in_a_batch_a_failed_address_is_retried_alone_and_the_others_are_sent(world):
    from notifications.services import send_notification_emails

    _two_with_addresses(world)
    created = deliver([draft(world.trainee.user), draft(world.outsider.user)])
    real_send = mail.EmailMultiAlternatives.send

    def bounce(message, *args, **kwargs):
        if message.to == ["bounce@example.com"]:
            raise SMTPException("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", autospec=True, side_effect=bounce),
        mock.patch("notifications.tasks.send_notification_email_task.apply_async") as retry,
    ):
        sent, failed = send_notification_emails([n.pk for n in created])
    bounced = Notification.objects.get(user=world.outsider.user)
    assert (sent, failed) == (1, [bounced.pk])
    retry.assert_called_once_with((bounced.pk,), countdown=60)
    assert [m.to for m in mail.outbox] == [["xiaohua@example.com"]]
    assert Notification.objects.get(user=world.trainee.user).emailed_at is not None
    assert bounced.emailed_at is None  # kept, unsent, waiting for its retry
    # The batch delivered again (the server is back) sends the bounced one, not the other again.
    assert send_notification_emails([n.pk for n in created]) == (1, [])
    assert [m.to for m in mail.outbox] == [["xiaohua@example.com"], ["bounce@example.com"]]


def test_a_mail_server_that_is_down_hands_the_whole_batch_to_retries(world):
    from notifications.services import send_notification_emails

    _two_with_addresses(world)
    created = deliver([draft(world.trainee.user), draft(world.outsider.user)])
    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.open", side_effect=ConnectionRefusedError()),
        mock.patch("notifications.tasks.send_notification_email_task.apply_async") as retry,
    ):
        assert send_notification_emails([n.pk for n in created]) == (0, [n.pk for n in created])
    assert retry.call_count == 2
    assert mail.outbox == [] and Notification.objects.count() == 2


# --- The bell ----------------------------------------------------------------------------------


@pytest.fixture
def bell_request(rf: RequestFactory):
    def make(user):
        request = rf.get("/")
        request.user = user
        return request

    return make


def test_the_bell_costs_one_query_per_request(world, bell_request):
    user = world.trainee.user
    for i in range(3):
        notify(user, Kind.DAILY_PLAN, f"提醒 {i}", "", "/today/", date(2026, 11, 16 + i))
    Notification.objects.filter(user=user, title="提醒 0").update(read_at=timezone.now())
    notify(world.outsider.user, Kind.DAILY_PLAN, "别人的", "", "/today/", DAY)
    request = bell_request(user)
    with CaptureQueriesContext(connection) as ctx:
        first = render_to_string("notifications/_bell.html", bell_context(request), request=request)
        second = render_to_string("notifications/_bell.html", bell_context(request), request=request)
    assert len(ctx.captured_queries) == 1
    assert 'data-unread="2"' in first and first == second


def test_the_bell_shows_no_badge_without_unread_and_nothing_for_anonymous(world, bell_request):
    from django.contrib.auth.models import AnonymousUser

    request = bell_request(world.trainee.user)
    html = render_to_string("notifications/_bell.html", bell_context(request), request=request)
    assert "/notifications/" in html and "data-unread" not in html
    with CaptureQueriesContext(connection) as ctx:
        assert bell_context(bell_request(AnonymousUser())) == {}
    assert ctx.captured_queries == []


def test_the_badge_stops_at_99(world, bell_request):
    user = world.trainee.user
    Notification.objects.bulk_create([Notification(user=user, kind="x", title=str(i)) for i in range(120)])
    request = bell_request(user)
    html = render_to_string("notifications/_bell.html", bell_context(request), request=request)
    assert 'data-unread="120">99+<' in html


# --- Pages ---------------------------------------------------------------------------------------


def own(user: User, n: int = 1, **fields) -> list[Notification]:
    return Notification.objects.bulk_create(
        [Notification(user=user, kind=Kind.DAILY_PLAN, title=f"提醒 {i}", url="/today/", **fields) for i in range(n)]
    )


def test_the_list_shows_only_ones_own_notifications_newest_first(client, world):
    older = notify(world.trainee.user, Kind.DAILY_PLAN, "较早的提醒", "", "/today/", date(2026, 11, 16))
    newer = notify(world.trainee.user, Kind.EXAM_EVE, "较新的提醒", "", "/exams/x/", DAY, subject="x")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timezone.timedelta(days=3))
    notify(world.outsider.user, Kind.DAILY_PLAN, "别人的提醒", "", "/today/", DAY)
    client.force_login(world.trainee.user)
    response = client.get("/notifications/")
    assert [n.pk for n in response.context["page"]] == [newer.pk, older.pk]
    assert "别人的提醒" not in response.content.decode()


def test_the_list_is_paginated(client, world):
    own(world.trainee.user, 25)
    client.force_login(world.trainee.user)
    assert len(client.get("/notifications/").context["page"]) == 20
    assert len(client.get("/notifications/?page=2").context["page"]) == 5
    assert client.get("/notifications/?page=abc").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_queries_for_3_or_30_notifications(client, world, settings, count):
    options = settings.TEMPLATES[0]["OPTIONS"]
    if "notifications.context_processors.notifications" not in options["context_processors"]:
        settings.TEMPLATES = [
            {
                **settings.TEMPLATES[0],
                "OPTIONS": {
                    **options,
                    "context_processors": [
                        *options["context_processors"],
                        "notifications.context_processors.notifications",
                    ],
                },
            }
        ]
    own(world.trainee.user, count)
    client.force_login(world.trainee.user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert f"{count} unread" in response.content.decode()
    # session, user, roles (navigation bar), unread count (the bell and the heading share it),
    # count for the paginator, the page of notifications
    assert len(ctx.captured_queries) == 6


def test_following_a_notification_marks_it_read_and_opens_its_link(client, world):
    [note] = own(world.trainee.user)
    client.force_login(world.trainee.user)
    response = client.get(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/today/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_link_to_another_site_is_not_followed(client, world):
    [note] = own(world.trainee.user)
    Notification.objects.filter(pk=note.pk).update(url="https://evil.example.com/")
    client.force_login(world.trainee.user)
    assert client.get(f"/notifications/{note.pk}/open/")["Location"] == "/notifications/"


def test_marking_one_read(client, world):
    first, second = own(world.trainee.user, 2)
    client.force_login(world.trainee.user)
    response = client.post(f"/notifications/{first.pk}/read/", {"next": "/notifications/?page=1"})
    assert response["Location"] == "/notifications/?page=1"
    assert Notification.objects.filter(read_at__isnull=True).get() == second
    assert client.get(f"/notifications/{first.pk}/read/").status_code == 405


def test_marking_all_read_leaves_other_peoples_alone(client, world):
    own(world.trainee.user, 3)
    [theirs] = own(world.outsider.user)
    client.force_login(world.trainee.user)
    response = client.post("/notifications/read-all/", {"next": "https://evil.example.com/"})
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(user=world.trainee.user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("action", ["open", "read"])
def test_someone_elses_notification_is_not_found(client, world, action):
    [theirs] = own(world.outsider.user)
    client.force_login(world.trainee.user)
    response = client.post(f"/notifications/{theirs.pk}/{action}/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_settings_page_creates_the_preference_on_first_save(client, world):
    client.force_login(world.hr)  # HR has no employee record: the page is for every login
    response = client.get("/notifications/settings/")
    assert response.status_code == 200
    assert response.context["form"]["email_reminders"].value() is True
    assert not Preference.objects.filter(user=world.hr).exists()
    response = client.post("/notifications/settings/", {"language": "en"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=world.hr)
    assert (preference.language, preference.email_reminders) == ("en", False)
    client.post("/notifications/settings/", {"language": "zh-hans", "email_reminders": "on"})
    preference.refresh_from_db()
    assert (preference.language, preference.email_reminders) == ("zh-hans", True)


def test_settings_refuse_an_unknown_language_and_save_nothing(client, world):
    Preference.objects.create(user=world.trainee.user, language="en", must_set_password=False)
    client.force_login(world.trainee.user)
    response = client.post(
        "/notifications/settings/", {"language": "fr", "email_reminders": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Choose a language from the list." in response.content.decode()
    preference = Preference.objects.get(user=world.trainee.user)
    assert (preference.language, preference.must_set_password) == ("en", False)


def test_settings_warn_when_the_login_has_no_email_address(client, world):
    client.force_login(world.trainee.user)
    assert client.get("/notifications/settings/").context["has_email"] is False


# --- Admin and schedule ------------------------------------------------------------------------


def test_admin_lists_notifications_and_shows_the_reminder_log_read_only(client, world):
    notify(world.trainee.user, Kind.DAILY_PLAN, "今日安排", "", "/today/", DAY)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/notifications/notification/?kind=daily_plan&read=no&q=trainee")
    assert page.status_code == 200 and "今日安排" in page.content.decode()
    assert client.get("/admin/notifications/reminderlog/").status_code == 200
    assert client.get("/admin/notifications/reminderlog/add/").status_code == 403
    log = ReminderLog.objects.get()
    assert client.post(f"/admin/notifications/reminderlog/{log.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_reminder_schedule_is_stored_for_beat():
    from django_celery_beat.models import PeriodicTask

    schedule = {
        t.task: (t.crontab.minute, t.crontab.hour, t.crontab.day_of_week, str(t.crontab.timezone))
        for t in PeriodicTask.objects.filter(task__startswith="training.").select_related("crontab")
    }
    assert schedule == {
        "training.send_daily_plans": ("0", "8", "*", "Asia/Shanghai"),
        "training.send_grading_backlog": ("0", "10", "*", "Asia/Shanghai"),
        "training.send_exam_eve_reminders": ("0", "17", "*", "Asia/Shanghai"),
        "training.send_checkoff_reminders": ("0", "18", "*", "Asia/Shanghai"),
        "training.send_weekly_hr_report": ("0", "9", "1", "Asia/Shanghai"),
    }
