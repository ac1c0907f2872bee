"""Plans (templates → phases → items per day), the working-day calendar, cohorts and their enrollments, each
trainee's schedule, attendance and shadowing logs, and roster imports."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from employees.models import PositionClass, Tier


def validate_position_classes(value: object) -> None:
    valid = set(PositionClass.values)
    if not isinstance(value, list) or any(v not in valid for v in value):
        raise ValidationError(_("Choose position classes from the list."))


class CourseForm(models.TextChoices):
    BASICS = "basics", _("Basic knowledge")
    BUSINESS_SKILLS = "business_skills", _("Business skills")
    MINDSET = "mindset", _("Mindset")
    MANAGEMENT = "management", _("Management skills")


class Programme(models.TextChoices):
    DAILY = "daily", _("Daily training")
    GROWTH = "growth", _("Growth class")
    ADVANCED = "advanced", _("Advanced class")
    ELITE = "elite", _("Elite programme")


class Method(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    SIMULATION = "simulation", _("Scenario simulation")
    ROLE_PLAY = "role_play", _("Role play")
    SHADOWING = "shadowing", _("Shadowing")
    CASE_STUDY = "case_study", _("Case study")
    EXAM = "exam", _("Exam")
    ON_THE_JOB = "on_the_job", _("On the job")
    SELF_STUDY = "self_study", _("Self-study")


class Leader(models.TextChoices):
    TRAINER = "trainer", _("Trainer")
    MENTOR = "mentor", _("Mentor")
    SELF = "self", _("Self-study")


class PlanTemplate(models.Model):
    """A reusable plan. Its tier and position classes decide who follows it."""

    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=100)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    position_classes = models.JSONField(
        _("position classes"),
        default=list,
        blank=True,
        validators=[validate_position_classes],
        help_text=_("Leave empty for all position classes."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        ordering = ["tier", "name"]

    def __str__(self) -> str:
        return self.name

    def serves(self, position_class: str) -> bool:
        return not self.position_classes or position_class in self.position_classes


class Phase(models.Model):
    """A stretch of consecutive plan days (阶段), e.g. phase 2 = days 4–5, shadowing."""

    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="phases", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=100)
    first_day = models.PositiveSmallIntegerField(_("first day"))
    last_day = models.PositiveSmallIntegerField(_("last day"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["template", "first_day"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="phase_number_unique_in_plan"),
            models.CheckConstraint(condition=models.Q(last_day__gte=models.F("first_day")), name="phase_days_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class PlanItem(models.Model):
    """One session on one plan day: what, how, who leads, with which materials."""

    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    day_number = models.PositiveSmallIntegerField(_("day"), help_text=_("0 is the day before the start date."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=100)
    content = models.TextField(_("content"), blank=True)
    course_form = models.CharField(_("course form"), max_length=20, choices=CourseForm.choices)
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices, default=Programme.DAILY)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    leader = models.CharField(_("led by"), max_length=16, choices=Leader.choices, default=Leader.TRAINER)
    location = models.CharField(_("location"), max_length=100, blank=True)
    materials = models.TextField(
        _("materials"), blank=True, help_text=_("Rich text (HTML). Scripts and styles are removed when shown.")
    )
    position_classes = models.JSONField(
        _("position classes"),
        default=list,
        blank=True,
        validators=[validate_position_classes],
        help_text=_("Leave empty for all position classes."),
    )

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["template", "day_number", "order", "start_time", "id"]
        indexes = [models.Index(fields=["template", "day_number"], name="planitem_template_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="planitem_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return _("Day %(day)s · %(topic)s") % {"day": self.day_number, "topic": self.topic}

    def applies_to(self, position_class: str) -> bool:
        return not self.position_classes or position_class in self.position_classes


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"materials/{instance.item.template_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("item"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class CalendarDay(models.Model):
    """An entry that overrides the built-in calendar: a holiday, or a make-up working day (调休上班)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"), help_text=_("Ticked: a make-up working day. Not ticked: a day off.")
    )
    name = models.CharField(
        pgettext_lazy("not a person", "name"), max_length=100, help_text=_("For example 元旦 or 春节调休.")
    )

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class Cohort(models.Model):
    """培训批次: a group that follows a plan together from one start date."""

    name = models.CharField(_("Cohort name"), max_length=100)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    start_date = models.DateField(_("start date"))
    location = models.CharField(
        _("usual location"), max_length=100, blank=True, help_text=_("Shown for sessions that name no room.")
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="cohorts_trained", blank=True, verbose_name=_("trainers")
    )
    members = models.ManyToManyField(
        "employees.Employee", through="Enrollment", related_name="cohorts", blank=True, verbose_name=_("members")
    )
    # Written by scheduling: the last scheduled date and the years no calendar knew.
    end_date = models.DateField(_("end date"), null=True, blank=True, editable=False)
    unknown_years = models.JSONField(_("years without holiday data"), default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Who moved the start date (end date and unknown years follow from it and the calendar).
    history = HistoricalRecords(excluded_fields=["end_date", "unknown_years", "created_at"])

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.name


class EnrollmentState(models.TextChoices):
    """Where one enrollment stands, apart from the employee's status: a live veteran on a refresher stays live
    while the refresher is in progress."""

    ENROLLED = "enrolled", _("Enrolled")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FAILED = "failed", pgettext_lazy("training state", "Failed")


class Outcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")


# Enrollments whose plan is followed: they get reminders, appear on today, the week, roll calls and alerts.
ACTIVE_STATES = (EnrollmentState.ENROLLED, EnrollmentState.IN_PROGRESS)
ENDED_STATES = (EnrollmentState.COMPLETED, EnrollmentState.WITHDRAWN, EnrollmentState.FAILED)

# The enrollment's state machine (`training.services.change_enrollment_state` refuses every other move; HR may
# reopen an ended enrollment with an override). In progress goes back to enrolled only when the cohort's start
# date is moved past today.
STATE_TRANSITIONS: dict[str, frozenset[str]] = {
    EnrollmentState.ENROLLED: frozenset(
        {EnrollmentState.IN_PROGRESS, EnrollmentState.WITHDRAWN, EnrollmentState.FAILED}
    ),
    EnrollmentState.IN_PROGRESS: frozenset(
        {EnrollmentState.ENROLLED, EnrollmentState.COMPLETED, EnrollmentState.WITHDRAWN, EnrollmentState.FAILED}
    ),
    EnrollmentState.COMPLETED: frozenset(),
    EnrollmentState.WITHDRAWN: frozenset(),
    EnrollmentState.FAILED: frozenset(),
}


def following_plan_on(on: date, prefix: str = "") -> models.Q:
    """Enrollments whose plan is followed on `on`: active ones, and those that ended after it (a past roll call
    still lists a trainee withdrawn later). `prefix` is the path to the enrollment, e.g. ``"enrollment__"``."""
    return models.Q(**{f"{prefix}state__in": ACTIVE_STATES}) | models.Q(**{f"{prefix}ended_on__gt": on})


class Enrollment(models.Model):
    """One employee in one cohort, on the plan picked by the cohort's tier and the employee's class, with the
    enrollment's own state and outcome (changed only by ``training.services.change_enrollment_state``)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("cohort"))
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("employee")
    )
    plan = models.ForeignKey(PlanTemplate, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("plan"))
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    state = models.CharField(
        _("training state"), max_length=16, choices=EnrollmentState.choices, default=EnrollmentState.ENROLLED
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("note on the outcome"), max_length=200, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # Who moved the state, when and why (the employee's timeline shows it).
    history = HistoricalRecords(excluded_fields=["joined_at"])

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["employee__employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "employee"], name="enrollment_once_per_cohort"),
            models.CheckConstraint(
                condition=models.Q(state__in=ACTIVE_STATES, ended_on__isnull=True)
                | models.Q(state__in=ENDED_STATES, ended_on__isnull=False),
                name="enrollment_ended_on_when_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.cohort.name}"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES


class ScheduledDay(models.Model):
    """The date on which one trainee does one plan day. Rewritten whenever the schedule moves."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="scheduled_days", verbose_name=_("enrollment")
    )
    day_number = models.PositiveSmallIntegerField(_("plan day"))
    date = models.DateField(_("date"), db_index=True)

    class Meta:
        verbose_name = _("scheduled day")
        verbose_name_plural = _("scheduled days")
        ordering = ["enrollment", "day_number"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "day_number"], name="scheduled_day_once"),
        ]
        # Cohort progress and roll calls read (enrollment, date, plan day) from the index alone.
        indexes = [models.Index(fields=["enrollment", "date", "day_number"], name="scheduledday_progress")]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.day_number} · {self.date}"


class Extension(models.Model):
    """A trainee was away: from a plan day on, their remaining days move back by N working days."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("enrollment")
    )
    from_day = models.PositiveSmallIntegerField(_("from plan day"), validators=[MinValueValidator(1)])
    days = models.PositiveSmallIntegerField(_("working days"), validators=[MinValueValidator(1), MaxValueValidator(60)])
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.enrollment}: +{self.days}"


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    LEAVE = "leave", _("On leave")


class ItemRecord(models.Model):
    """Attendance and completion of one plan item by one trainee. Keyed by item, not date,
    so moving the schedule never loses it."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="item_records", verbose_name=_("enrollment")
    )
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="records", verbose_name=_("item"))
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True)
    completed = models.BooleanField(_("completed"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        verbose_name = _("attendance and completion")
        verbose_name_plural = _("attendance and completion")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "item"], name="item_record_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.item.topic}"


class ShadowingLog(models.Model):
    """The mentor's daily log of a shadowing day (师傅带教记录)."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="shadowing_logs", verbose_name=_("enrollment")
    )
    day_number = models.PositiveSmallIntegerField(_("plan day"))
    mentor = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="shadowing_logs_written", verbose_name=_("mentor")
    )
    chats_observed = models.PositiveIntegerField(_("chats observed"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    score = models.PositiveSmallIntegerField(_("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("shadowing log")
        verbose_name_plural = _("shadowing logs")
        ordering = ["enrollment", "day_number"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "day_number"], name="shadowing_log_once_a_day"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="shadowing_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.day_number}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKED = "checked", _("Checked")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RosterImport(models.Model):
    """One roster upload: the file, its check (problems by row and column), then the import."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="roster_imports", verbose_name=_("cohort")
    )
    file = models.FileField(_("file"), upload_to="imports/rosters/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    # [{"row": 5, "column": "手机号", "message": "…"}, …]
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # What the check left out or restored, for the preview: same shape as problems, nothing to correct.
    notes = models.JSONField(_("notes"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("employees created"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Last sign of life of the background check or import (queued, every progress step): an import
    # uploaded or running with none for a while lost its worker, and the sweeper marks it failed.
    heartbeat = models.DateTimeField(_("last progress"), null=True, blank=True)
    # The status a worker died in ("uploaded": checking, "running": importing); the retry button
    # puts the import back there. Empty unless the sweeper failed it.
    stalled_in = models.CharField(_("stopped while"), max_length=16, choices=ImportStatus.choices, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.original_name}"
