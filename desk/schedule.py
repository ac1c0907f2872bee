"""The periodic schedule, in one place: what Celery beat runs and when.

django-celery-beat's DatabaseScheduler reads the schedule from the database (`PeriodicTask` rows with
a `CrontabSchedule` or `IntervalSchedule`), so HR can change a time or switch a job off in the admin
under *Periodic tasks*. `SCHEDULE` below is the default; `install_schedule` puts it in the database.
It runs in `desk/migrations/0001_periodic_schedule.py` and in `manage.py install_schedule [--reset]`.

An entry is found again by its `name` (the bilingual name shown in the admin), so a name must never
change: a database that has the old name would get the entry twice. Tasks are named by their Celery
(wire) names, as strings: config imports no app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.timezone import now
from django.utils.translation import gettext as _

TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Entry:
    """One periodic task: a crontab (minute, hour, day of week; `*` is every) in `timezone`, or,
    when `every_minutes` is set, an interval instead."""

    name: str
    task: str
    description: str
    minute: str = "*"
    hour: str = "*"
    day_of_week: str = "*"
    every_minutes: int | None = None
    timezone: str = TIMEZONE

    @property
    def when(self) -> str:
        if self.every_minutes is not None:
            return _("every %(minutes)s min") % {"minutes": self.every_minutes}
        return f"{self.minute} {self.hour} * * {self.day_of_week} ({self.timezone})"


SCHEDULE: tuple[Entry, ...] = (
    Entry(
        name="每日：开训学员转为培训中 / Daily: start trainings that have begun",
        task="employees.start_due_trainings",
        minute="5",
        hour="0",
        description="开训日已到的学员转为培训中 / Hires whose day 1 has come move to in training",
    ),
    Entry(
        name="每分钟：关闭超时考试 / Every minute: close exam attempts past their time limit",
        task="assessments.close_expired_attempts",
        every_minutes=1,
        description="超时的考试自动交卷 / Exam attempts past their time limit are submitted",
    ),
    Entry(
        name="每日 08:00：今日培训安排 / Daily 08:00: today's plan",
        task="training.send_daily_plans",
        minute="0",
        hour="8",
        description="有培训日的学员收到今日安排 / Each trainee with a plan day gets today's sessions",
    ),
    Entry(
        name="每日 10:00：待阅卷提醒 / Daily 10:00: grading backlog",
        task="training.send_grading_backlog",
        minute="0",
        hour="10",
        description="提醒培训师（及 HR）有简答题待阅 / Trainers (and HR) with short answers waiting",
    ),
    Entry(
        name="每日 17:00：考试前一天提醒 / Daily 17:00: exam on the next working day",
        task="training.send_exam_eve_reminders",
        minute="0",
        hour="17",
        description="下一个工作日有考试或补考的学员 / Trainees with an exam or retake on the next working day",
    ),
    Entry(
        name="每日 18:00：点名与带教记录提醒 / Daily 18:00: unfinished roll calls and shadowing logs",
        task="training.send_checkoff_reminders",
        minute="0",
        hour="18",
        description="未完成点名的培训师、缺带教记录的师傅 / Trainers with open roll calls, mentors with missing logs",
    ),
    Entry(
        name="每日 18:00：试岗日志提醒 / Daily 18:00: trial-post logs missing",
        task="notifications.send_trial_post_log_reminders",
        minute="0",
        hour="18",
        description="徒弟试岗日未写日志的师傅 / Mentors whose mentee's trial-post day has no log",
    ),
    Entry(
        name="每日 09:00：跟踪辅导提醒 / Daily 09:00: coaching goals and check-ins due",
        task="notifications.send_coaching_reminders",
        minute="0",
        hour="9",
        description="辅导目标或面谈到期的负责人 / Owners of coaching plans with a goal or check-in due",
    ),
    Entry(
        name="每日 19:00：入职准备未完成（开训前一晚） / Daily 19:00: pre-onboarding unfinished, day 1 tomorrow",
        task="onboarding.send_pre_onboarding_eve",
        minute="0",
        hour="19",
        description=(
            "下一个工作日开训、尚未确认手册或未通过手册测验的新人 / "
            "Hires whose day 1 is the next working day and who have not confirmed the handbook or passed its quiz"
        ),
    ),
    Entry(
        name="每日 08:00：第 1 天因入职准备未完成而锁定 / Daily 08:00: day 1 held by unfinished pre-onboarding",
        task="onboarding.send_day_one_held",
        minute="0",
        hour="8",
        description="今天开训、第 1 天仍被锁定的新人 / Hires whose day 1 is today and still locked",
    ),
    Entry(
        name="每周一 09:00：HR 周报 / Monday 09:00: weekly HR report",
        task="training.send_weekly_hr_report",
        minute="0",
        hour="9",
        day_of_week="1",
        description="生成上周 HR 周报并通知 HR / Last week's HR report built and announced to HR",
    ),
    Entry(
        name="每日 06:30：证书到期提醒回炉 / Daily 06:30: refresher needs for expiring certifications",
        task="career.create_expiry_needs",
        minute="30",
        hour="6",
        description=(
            "即将到期（默认 30 天内）或已过期的证书生成回炉需求，并通知师傅和本人 / "
            "Certifications ending within the warning period (30 days by default) ask for a refresher; "
            "the mentor and the employee are told"
        ),
    ),
    Entry(
        name="每日 09:30：知识更新逾期提醒 / Daily 09:30: overdue knowledge updates",
        task="notifications.send_knowledge_reminders",
        minute="30",
        hour="9",
        description=(
            "截止日后一周内，每天提醒尚未确认或未通过小测的人 / "
            "For a week after the deadline, people who have not confirmed or passed the quiz"
        ),
    ),
    Entry(
        name="每日 08:00：群机器人今日安排 / Daily 08:00: group robots, today's plan",
        task="robots.post_daily_plans",
        minute="0",
        hour="8",
        description="每个批次群机器人发一条今日安排 / One digest of the day's plan per cohort robot",
    ),
    Entry(
        name="每日 09:30：群机器人知识更新逾期名单 / Daily 09:30: group robots, late readers",
        task="robots.post_late_readers",
        minute="30",
        hour="9",
        description="每个团队群机器人发一条逾期未确认名单 / One digest of late readers per team robot",
    ),
    Entry(
        name="每日 17:00：群机器人明日考试 / Daily 17:00: group robots, exams on the next working day",
        task="robots.post_exam_eve",
        minute="0",
        hour="17",
        description=(
            "每个批次群机器人发一条下个工作日的考试 / One digest of the next working day's exams per cohort robot"
        ),
    ),
    Entry(
        name="每日 18:00：群机器人点名与带教记录未完成 / Daily 18:00: group robots, roll calls and logs not done",
        task="robots.post_check_offs",
        minute="0",
        hour="18",
        description=(
            "每个批次群机器人发一条未完成的点名和带教记录 / One digest per cohort robot for trainers and mentors"
        ),
    ),
    Entry(
        name="每日 18:30：群机器人当日考试结果 / Daily 18:30: group robots, the day's exam results",
        task="robots.post_exam_results",
        minute="30",
        hour="18",
        description="每个批次群机器人发一条当日考试通过情况（不点名） / Per cohort robot: passes per exam, no names",
    ),
    Entry(
        name="每分钟：群机器人补发 / Every minute: group robot messages due again",
        task="robots.send_due_deliveries",
        every_minutes=1,
        description=(
            "限流或等待重试的群机器人消息到时补发 / Robot messages deferred by the rate limit or a retry are sent"
        ),
    ),
    Entry(
        name="每 5 分钟：清理中断的后台任务 / Every 5 minutes: fail background work whose worker died",
        task="desk.sweep_stalled_work",
        every_minutes=5,
        description=(
            "15 分钟无进展的报表和花名册导入标记为失败，可重试 / "
            "Reports and roster imports without progress for 15 minutes are marked failed, with a retry button"
        ),
    ),
)


def install_schedule(PeriodicTask: Any, CrontabSchedule: Any, *, reset: bool = False) -> list[str]:  # noqa: N803
    """Put `SCHEDULE` in the database and return what was done, one translated line per change.

    Takes the model classes, so that a migration can pass its historical models. Creates each
    entry that is missing; an entry found by name gets its task name fixed and an empty description
    filled in. An entry that HR renamed in the admin is found by its task instead, and not created
    twice. Without `reset` nothing HR may have changed (time, enabled, name) is touched; with it,
    the time, enabled and name go back to the defaults. Idempotent.
    """
    IntervalSchedule = PeriodicTask._meta.get_field("interval").related_model  # noqa: N806
    names = [entry.name for entry in SCHEDULE]
    done: list[str] = []
    touched = False
    for entry in SCHEDULE:
        row = PeriodicTask.objects.filter(name=entry.name).first()
        if row is None:  # renamed in the admin?
            row = PeriodicTask.objects.filter(task=entry.task).exclude(name__in=names).order_by("pk").first()
        if row is None:
            PeriodicTask.objects.create(
                name=entry.name,
                task=entry.task,
                description=entry.description,
                enabled=True,
                **_schedule_of(entry, CrontabSchedule, IntervalSchedule),
            )
            done.append(_("Created “%(name)s”: %(task)s, %(when)s.") % _facts(entry))
            touched = True
            continue
        changed = False
        if row.task != entry.task:
            done.append(_("Fixed the task of “%(name)s”: %(old)s → %(task)s.") % {**_facts(entry), "old": row.task})
            row.task = entry.task
            changed = True
        if not row.description:
            row.description = entry.description
            changed = True
        if reset:
            if row.name != entry.name:
                done.append(_("Renamed “%(old)s” back to “%(name)s”.") % {**_facts(entry), "old": row.name})
                row.name = entry.name
                changed = True
            if not _runs_as_default(row, entry):
                for field, value in _schedule_of(entry, CrontabSchedule, IntervalSchedule).items():
                    setattr(row, field, value)
                changed = True
                done.append(_("Reset the time of “%(name)s” to %(when)s.") % _facts(entry))
            if not row.enabled:
                row.enabled = True
                changed = True
                done.append(_("Enabled “%(name)s” again.") % _facts(entry))
        if changed:
            row.save()
            touched = True
    if touched:
        # What a save in the admin does too: tell a running beat to reread the schedule.
        Tracker = PeriodicTask._meta.apps.get_model("django_celery_beat", "PeriodicTasks")  # noqa: N806
        Tracker.objects.update_or_create(ident=1, defaults={"last_update": now()})
    return done


def _facts(entry: Entry) -> dict[str, str]:
    return {"name": entry.name, "task": entry.task, "when": entry.when}


def _crontab_fields(entry: Entry) -> dict[str, str]:
    return {
        "minute": entry.minute,
        "hour": entry.hour,
        "day_of_week": entry.day_of_week,
        "day_of_month": "*",
        "month_of_year": "*",
    }


def _runs_as_default(row: Any, entry: Entry) -> bool:
    """Whether the row runs on the entry's default time (whichever schedule row holds it)."""
    if row.solar_id is not None or row.clocked_id is not None:
        return False
    if entry.every_minutes is not None:
        return (
            row.crontab_id is None
            and row.interval is not None
            and (row.interval.every, row.interval.period) == (entry.every_minutes, "minutes")
        )
    crontab = row.crontab
    return (
        row.interval_id is None
        and crontab is not None
        and all(getattr(crontab, field) == value for field, value in _crontab_fields(entry).items())
        and str(crontab.timezone) == entry.timezone
    )


def _schedule_of(entry: Entry, CrontabSchedule: Any, IntervalSchedule: Any) -> dict[str, Any]:  # noqa: N803
    """The schedule fields of a PeriodicTask running on the entry's default time, reusing a matching
    crontab or interval row when there is one."""
    schedule: dict[str, Any] = {"crontab": None, "interval": None, "solar": None, "clocked": None}
    if entry.every_minutes is not None:
        fields: dict[str, Any] = {"every": entry.every_minutes, "period": "minutes"}
        schedule["interval"] = IntervalSchedule.objects.filter(**fields).order_by(
            "pk"
        ).first() or IntervalSchedule.objects.create(**fields)
    else:
        fields = {**_crontab_fields(entry), "timezone": entry.timezone}
        schedule["crontab"] = CrontabSchedule.objects.filter(**fields).order_by(
            "pk"
        ).first() or CrontabSchedule.objects.create(**fields)
    return schedule
