"""Delivering reminders: the in-app notification (the bell), at most once per person, kind and day,
and its e-mail copy in the recipient's language.

`ReminderLog`'s unique constraint (user, kind, day, subject) is what guarantees "once": a task that
runs twice, is retried, or races another worker tries to insert the same log row, gets an
IntegrityError inside its savepoint, and sends nothing. E-mail goes out after the commit from a
task (`training.send_notification_emails` for a batch, `training.send_notification_email` for one
notification and for every retry), so a mail server that is down never loses the in-app
notification, and Celery retries the send.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees.models import Preference

from .models import Notification, ReminderLog

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh-hans"
# Where the links in e-mails point. Settings may define SITE_URL (see the report on settings).
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
TITLE_LENGTH = Notification._meta.get_field("title").max_length or 200


class Kind(models.TextChoices):
    """What a notification is about; also the name of its e-mail templates."""

    DAILY_PLAN = "daily_plan", gettext_lazy("Today's plan")
    CHECK_OFF = "check_off", gettext_lazy("Roll call not finished")
    SHADOWING_LOG = "shadowing_log", gettext_lazy("Shadowing log missing")
    EXAM_EVE = "exam_eve", gettext_lazy("Exam on the next working day")
    GRADING_BACKLOG = "grading_backlog", gettext_lazy("Answers to grade")
    WEEKLY_REPORT = "weekly_report", gettext_lazy("Weekly HR report")
    GRADED = "graded", gettext_lazy("Exam graded")
    TRIAL_POST_LOG = "trial_post_log", gettext_lazy("Trial-post log missing")
    COACHING_DUE = "coaching_due", gettext_lazy("Coaching goals and check-ins due")
    PRE_ONBOARDING = "pre_onboarding", gettext_lazy("Pre-onboarding not finished")
    REFRESHER = "refresher", gettext_lazy("Refresher needed")
    KNOWLEDGE_UPDATE = "knowledge_update", gettext_lazy("Knowledge update published")
    KNOWLEDGE_LATE = "knowledge_late", gettext_lazy("Knowledge updates overdue")


def kind_label(kind: str) -> str:
    """The kind's name in the active language ('' for a kind this module does not know)."""
    return str(Kind(kind).label) if kind in Kind.values else ""


# --- Preferences -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """How one person receives reminders: a missing Preference row means the defaults."""

    language: str = DEFAULT_LANGUAGE
    email_reminders: bool = True


def delivery_for(user: User) -> Delivery:
    """Read the user's Preference; uses a row loaded by select_related("preference") if there is one."""
    try:
        preference = user.preference
    except Preference.DoesNotExist:
        return Delivery()
    if preference is None:
        return Delivery()
    return Delivery(language=preference.language or DEFAULT_LANGUAGE, email_reminders=preference.email_reminders)


def wants_email(user: User, delivery: Delivery) -> bool:
    return bool(getattr(user, "email", "")) and delivery.email_reminders


# --- Creating notifications ------------------------------------------------------------------


def _clip(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1] + "…"


def notify(user: User, kind: str, title: str, body: str, url: str, day: date, subject: str = "") -> Notification | None:
    """Create one notification and its ReminderLog in one transaction (a savepoint when called
    inside one). Returns None when this person already had this reminder (kind, day, subject),
    also when another worker wrote it a moment ago. The e-mail copy is queued after the commit."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(user=user, kind=kind, title=_clip(title), body=body, url=url)
            ReminderLog.objects.create(user=user, kind=kind, day=day, subject=subject, notification=notification)
    except IntegrityError:
        return None
    delivery = delivery_for(user) if _preference_loaded(user) else _delivery_from_db(user)
    if wants_email(user, delivery):
        queue_emails([notification.pk])
    return notification


def _preference_loaded(user: User) -> bool:
    return User.preference.is_cached(user)


def _delivery_from_db(user: User) -> Delivery:
    preference = Preference.objects.filter(user_id=user.pk).first()
    if preference is None:
        return Delivery()
    return Delivery(language=preference.language or DEFAULT_LANGUAGE, email_reminders=preference.email_reminders)


Writer = Callable[[], tuple[str, str]]


@dataclass(frozen=True)
class Draft:
    """A reminder for one person, written once their language is known: `write` returns the
    title and body in the active language."""

    user_id: int
    kind: str
    day: date
    url: str
    write: Writer
    subject: str = ""

    @property
    def key(self) -> tuple[int, str, date, str]:
        return (self.user_id, self.kind, self.day, self.subject)


def deliver(drafts: Sequence[Draft]) -> list[Notification]:
    """Create the notifications of a batch that were not sent before, in a fixed number of queries
    whatever the batch size: recipients with their preferences, the reminders already logged,
    then one savepoint with a bulk INSERT of notifications and one of logs. If another worker
    logged one of them in between, the savepoint is rolled back and each draft goes through
    `notify()` on its own, so every person still gets exactly one. Inactive logins get nothing."""
    if not drafts:
        return []
    user_ids = {d.user_id for d in drafts}
    users = User.objects.filter(pk__in=user_ids, is_active=True).select_related("preference").in_bulk()
    logged = set(
        ReminderLog.objects.filter(
            user_id__in=user_ids, kind__in={d.kind for d in drafts}, day__in={d.day for d in drafts}
        ).values_list("user_id", "kind", "day", "subject")
    )
    pending: list[tuple[Draft, User, Notification]] = []
    for draft in drafts:
        user = users.get(draft.user_id)
        if user is None or draft.key in logged:
            continue
        logged.add(draft.key)  # the same person twice in one batch gets one
        with translation.override(delivery_for(user).language):
            title, body = draft.write()
        notification = Notification(user=user, kind=draft.kind, title=_clip(title), body=body, url=draft.url)
        pending.append((draft, user, notification))
    if not pending:
        return []
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create([n for _d, _u, n in pending])
            ReminderLog.objects.bulk_create(
                [
                    ReminderLog(user=u, kind=d.kind, day=d.day, subject=d.subject, notification=n)
                    for (d, u, _n), n in zip(pending, created, strict=True)
                ]
            )
    except IntegrityError:
        logger.info("Reminder batch raced another run; delivering %s one by one", len(pending))
        done = [notify(u, d.kind, n.title, n.body, n.url, d.day, d.subject) for d, u, n in pending]
        return [n for n in done if n is not None]
    queue_emails([n.pk for (_d, u, _n), n in zip(pending, created, strict=True) if wants_email(u, delivery_for(u))])
    return created


# --- Reading and marking ---------------------------------------------------------------------


def unread_count(user: User) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def mark_read(*, notification: Notification) -> bool:
    """Mark one notification read (it keeps its first read time). True if it was unread."""
    if notification.read_at is not None:
        return False
    now = timezone.now()
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    notification.read_at = now
    return bool(changed)


def mark_all_read(*, user: User) -> int:
    """Mark every unread notification of this user read; returns how many."""
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def save_preferences(*, user: User, language: str, email_reminders: bool) -> Preference:
    """Store how the user receives reminders, creating their Preference row on first save."""
    valid = {code for code, _name in settings.LANGUAGES}
    if language not in valid:
        raise ValueError(f"unknown language {language!r}")
    preference, _created = Preference.objects.update_or_create(
        user_id=user.pk, defaults={"language": language, "email_reminders": email_reminders}
    )
    return preference


# --- E-mail ----------------------------------------------------------------------------------


def queue_emails(notification_ids: Iterable[int]) -> None:
    """After the commit, queue the e-mails: one task for one notification, one task for a batch
    (publishing 10,000 messages at 08:00 would cost more than writing the notifications). A broker
    that is down is logged and does not undo the notifications, which are already committed."""
    ids = list(notification_ids)
    if ids:
        transaction.on_commit(lambda: _queue(ids), robust=True)


def _queue(ids: list[int]) -> None:
    from .tasks import send_notification_email_task, send_notification_emails_task

    try:
        if len(ids) == 1:
            send_notification_email_task.delay(ids[0])
        else:
            send_notification_emails_task.delay(ids)
    except Exception:  # the broker
        logger.exception("Could not queue the e-mails of notifications %s", ids)


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return site_url() + (path if path.startswith("/") else "/" + path)


def render_email(notification: Notification, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of a notification's e-mail, in `language`."""
    user = notification.user
    with translation.override(language):
        context = {
            "notification": notification,
            "recipient_name": user.get_full_name() or user.get_username(),
            "link": absolute(reverse("notification_open", args=[notification.pk])) if notification.url else "",
            "settings_link": absolute(reverse("notification_settings")),
            "kind_label": kind_label(notification.kind),
        }
        names = [f"notifications/email/{notification.kind}", "notifications/email/default"]
        text = render_to_string([f"{n}.txt" for n in names], context)
        html = render_to_string([f"{n}.html" for n in names], context)
        subject = _("[Training desk] %(title)s") % {"title": notification.title}
    return " ".join(subject.split()), text, html


def _emailable(notification: Notification | None) -> Delivery | None:
    """How to e-mail this notification, or None when there is nothing to send (deleted, already
    sent, inactive login, no address, e-mail switched off since it was queued)."""
    if notification is None or notification.emailed_at is not None:
        return None
    user = notification.user
    delivery = delivery_for(user)
    if not user.is_active or not wants_email(user, delivery):
        return None
    return delivery


def _send(notification: Notification, delivery: Delivery, connection: object = None) -> None:
    """Send one e-mail, then record when (a conditional update: a second sender records nothing)."""
    subject, text, html = render_email(notification, delivery.language)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[notification.user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    message.send()
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())


def _with_recipients() -> models.QuerySet[Notification]:
    return Notification.objects.select_related("user", "user__preference")


def send_notification_email(notification_id: int) -> bool:
    """Send the e-mail copy of one notification and record when. Returns False when there is
    nothing to send. A failing mail server raises, so that the task retries; the notification stays."""
    notification = _with_recipients().filter(pk=notification_id).first()
    delivery = _emailable(notification)
    if notification is None or delivery is None:
        return False
    _send(notification, delivery)
    return True


def send_notification_emails(notification_ids: Sequence[int]) -> tuple[int, list[int]]:
    """Send the e-mails of a batch over one connection to the mail server. Each that fails is
    handed to the one-notification task, which Celery retries with back-off, so one bad address or
    a mail server that goes away neither loses nor repeats the others. Returns (sent, failed ids)."""
    sent, failed = 0, []
    notifications = list(_with_recipients().filter(pk__in=list(notification_ids)).order_by("pk"))
    connection: BaseEmailBackend | None  # None once the mail server is found unavailable
    connection = get_connection()
    try:
        connection.open()
    except OSError:
        logger.warning("Mail server unavailable; %s e-mails handed over for retries", len(notifications))
        connection = None
    for notification in notifications:
        delivery = _emailable(notification)
        if delivery is None:
            continue
        if connection is None:
            failed.append(notification.pk)
            continue
        try:
            _send(notification, delivery, connection)
        except OSError:  # SMTPException and connection errors
            logger.warning("E-mail of notification %s failed; it will be retried", notification.pk, exc_info=True)
            failed.append(notification.pk)
        else:
            sent += 1
    if connection is not None:
        with suppress(OSError):
            connection.close()
    if failed:
        from .tasks import send_notification_email_task

        for pk in failed:
            try:
                send_notification_email_task.apply_async((pk,), countdown=60)
            except Exception:  # the broker
                logger.exception("Could not queue the retry of the e-mail of notification %s", pk)
    return sent, failed
