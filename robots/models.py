"""Group robots (群机器人) of DingTalk and WeCom: one per cohort or per team, the digests they were sent, and
the token bucket that keeps each robot under the platform's 20 messages a minute.

Robot ──< RobotDelivery (one per robot, event, day and subject: the exactly-once record)
Robot ──1 RobotBucket (tokens left and when they were counted; shared by every worker through the database)

The webhook (its access_token / key is what lets anyone post to the group) and the DingTalk signing secret
are written once on the form and never shown again: pages show them masked, logs never see them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Platform(models.TextChoices):
    DINGTALK = "dingtalk", _("DingTalk")
    WECOM = "wecom", _("WeCom")


class Event(models.TextChoices):
    """What a robot can post. Cohort robots get the training events, team robots the knowledge events."""

    DAILY_PLAN = "daily_plan", _("The cohort's plan for the day (08:00)")
    EXAM_EVE = "exam_eve", _("Exams on the next working day (17:00)")
    CHECK_OFF = "check_off", _("Roll calls and shadowing logs not done (18:00)")
    EXAM_RESULTS = "exam_results", _("Exam results of the day (18:30)")
    KNOWLEDGE_UPDATE = "knowledge_update", _("Knowledge update published")
    KNOWLEDGE_LATE = "knowledge_late", _("Late readers of knowledge updates (09:30)")


COHORT_EVENTS = (Event.DAILY_PLAN, Event.EXAM_EVE, Event.CHECK_OFF, Event.EXAM_RESULTS)
TEAM_EVENTS = (Event.KNOWLEDGE_UPDATE, Event.KNOWLEDGE_LATE)


class Robot(models.Model):
    name = models.CharField(_("robot name"), max_length=100)
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    cohort = models.ForeignKey(
        "training.Cohort",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="robots",
        verbose_name=_("cohort"),
    )
    team = models.CharField(_("team / shop"), max_length=100, blank=True)
    # The full webhook URL, with the access_token (DingTalk) or key (WeCom): a secret.
    webhook = models.CharField(_("webhook"), max_length=500)
    # DingTalk 加签 secret (SEC…); empty for WeCom and for DingTalk robots secured by keyword or IP.
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    last_ok_at = models.DateTimeField(_("last delivered"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(cohort__isnull=False) & Q(team="")) | (Q(cohort__isnull=True) & ~Q(team="")),
                name="robot_for_a_cohort_or_a_team",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_webhook(self) -> str:
        return mask_webhook(self.webhook)

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)

    def wants(self, event: str) -> bool:
        return self.active and event in self.events

    def event_labels(self) -> list[str]:
        return [str(Event(e).label) for e in self.events if e in Event.values]


def mask_webhook(webhook: str) -> str:
    """https://oapi.dingtalk.com/robot/send?access_token=1a2b…•••• : enough to tell two robots apart."""
    if not webhook:
        return ""
    parts = urlsplit(webhook)
    shown = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        shown.append(f"{name}={value[:4]}••••" if name in ("access_token", "key") else f"{name}=••••")
    query = "&".join(shown)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{query}" if query else "")


class RobotBucket(models.Model):
    """The robot's token bucket, one row shared by every worker (read and written under a row lock)."""

    robot = models.OneToOneField(
        Robot, on_delete=models.CASCADE, primary_key=True, related_name="bucket", verbose_name=_("robot")
    )
    tokens = models.FloatField(_("tokens"))
    updated_at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("rate limit")
        verbose_name_plural = _("rate limits")

    def __str__(self) -> str:
        return f"{self.robot} · {self.tokens:.1f}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    RETRYING = "retrying", _("waiting to retry")
    SENT = "sent", _("sent")
    FAILED = "failed", pgettext_lazy("delivery status", "failed")


class RobotDelivery(models.Model):
    """One digest for one robot: the unique constraint (robot, event, day, subject) is what makes a task that
    runs twice, is retried or races another worker post once. A digest too long for one message is split into
    parts, sent in order; `parts_sent` says how far it got, so a retry never repeats a part."""

    robot = models.ForeignKey(Robot, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("robot"))
    kind = models.CharField(_("event"), max_length=32, choices=Event.choices)
    day = models.DateField(_("day"))
    subject = models.CharField(_("about"), max_length=100, blank=True, default="")
    title = models.CharField(_("title"), max_length=200)
    parts = models.JSONField(_("message parts"), default=list)
    parts_sent = models.PositiveSmallIntegerField(_("parts sent"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    errcode = models.IntegerField(_("error code"), null=True, blank=True)
    errmsg = models.CharField(_("error message"), max_length=500, blank=True)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("robot message")
        verbose_name_plural = _("robot messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["robot", "kind", "day", "subject"], name="one_digest_per_robot_event_day")
        ]
        indexes = [models.Index(fields=["status", "next_try_at"], name="robot_delivery_due")]

    def __str__(self) -> str:
        return f"{self.robot} · {self.kind} · {self.day}"

    @property
    def part_count(self) -> int:
        return len(self.parts)
