"""The periodic schedule: desk/schedule.py is installed by desk migration 0001 and by
`manage.py install_schedule`, never twice, and HR may change its times in the admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.html import escape
from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

from desk.schedule import SCHEDULE, install_schedule

pytestmark = pytest.mark.django_db

DAILY_PLAN = next(entry for entry in SCHEDULE if entry.task == "training.send_daily_plans")


def run_command(*args: str, language: str = "en") -> str:
    out = StringIO()
    with translation.override(language):
        call_command("install_schedule", *args, stdout=out)
    return out.getvalue()


def crontab_of(task: str) -> tuple[str, str, str, str, str, str]:
    c = PeriodicTask.objects.get(task=task).crontab
    return (c.minute, c.hour, c.day_of_week, c.day_of_month, c.month_of_year, str(c.timezone))


def test_every_task_of_the_schedule_is_a_registered_celery_task():
    from config.celery import app

    app.loader.import_default_modules()
    assert not [entry.task for entry in SCHEDULE if entry.task not in app.tasks]
    assert len({entry.name for entry in SCHEDULE}) == len({entry.task for entry in SCHEDULE}) == len(SCHEDULE)


def test_after_migrations_every_entry_exists_once_with_its_default_time():
    for entry in SCHEDULE:
        row = PeriodicTask.objects.get(name=entry.name)
        assert PeriodicTask.objects.filter(task=entry.task).count() == 1
        assert (row.task, row.enabled, row.description) == (entry.task, True, entry.description)
        if entry.every_minutes is not None:
            assert row.crontab is None
            assert (row.interval.every, row.interval.period) == (entry.every_minutes, "minutes")
        else:
            assert row.interval is None
            assert crontab_of(entry.task) == (entry.minute, entry.hour, entry.day_of_week, "*", "*", "Asia/Shanghai")


def test_installing_again_creates_nothing():
    counts = PeriodicTask.objects.count(), CrontabSchedule.objects.count()
    assert install_schedule(PeriodicTask, CrontabSchedule) == []
    assert install_schedule(PeriodicTask, CrontabSchedule, reset=True) == []
    assert "nothing to change" in run_command()
    assert "nothing to change" in run_command("--reset")
    assert (PeriodicTask.objects.count(), CrontabSchedule.objects.count()) == counts


def test_a_missing_entry_is_created_and_a_wrong_task_name_fixed():
    PeriodicTask.objects.get(name=DAILY_PLAN.name).delete()
    PeriodicTask.objects.filter(task="training.send_grading_backlog").update(task="training.old_name")

    out = run_command()

    assert f"Created “{DAILY_PLAN.name}”: training.send_daily_plans, 0 8 * * * (Asia/Shanghai)." in out
    assert "training.old_name → training.send_grading_backlog" in out
    assert "2 changes" in out
    assert crontab_of("training.send_daily_plans") == ("0", "8", "*", "*", "*", "Asia/Shanghai")
    assert PeriodicTask.objects.filter(task="training.send_grading_backlog").count() == 1
    assert PeriodicTasks.last_change() is not None  # a running beat rereads the schedule
    assert "nothing to change" in run_command()


def test_the_command_speaks_the_active_language():
    PeriodicTask.objects.get(name=DAILY_PLAN.name).delete()
    out = run_command(language="zh-hans")
    assert f"已创建“{DAILY_PLAN.name}”" in out and "定时任务：1 项更改。" in out
    assert f"定时任务：{len(SCHEDULE)} 项均已就位，无需更改。" in run_command(language="zh-hans")


def test_a_time_changed_by_hr_survives_and_reset_restores_it():
    row = PeriodicTask.objects.get(name=DAILY_PLAN.name)
    row.crontab = CrontabSchedule.objects.create(minute="30", hour="7", timezone="Asia/Shanghai")
    row.enabled = False
    row.save()

    assert "nothing to change" in run_command()
    assert crontab_of(DAILY_PLAN.task)[:2] == ("30", "7")
    assert not PeriodicTask.objects.get(name=DAILY_PLAN.name).enabled

    out = run_command("--reset")

    assert f"Reset the time of “{DAILY_PLAN.name}” to 0 8 * * * (Asia/Shanghai)." in out
    assert f"Enabled “{DAILY_PLAN.name}” again." in out
    assert crontab_of(DAILY_PLAN.task) == ("0", "8", "*", "*", "*", "Asia/Shanghai")
    assert PeriodicTask.objects.get(name=DAILY_PLAN.name).enabled
    assert "nothing to change" in run_command("--reset")


def test_reset_restores_the_every_minute_interval_too():
    sweep = next(entry for entry in SCHEDULE if entry.every_minutes is not None)
    row = PeriodicTask.objects.get(name=sweep.name)
    row.interval, row.crontab = None, CrontabSchedule.objects.create(minute="*/5", timezone="Asia/Shanghai")
    row.save()

    run_command("--reset")

    row.refresh_from_db()
    assert row.crontab is None and (row.interval.every, row.interval.period) == (1, "minutes")


def test_an_entry_renamed_in_the_admin_is_not_created_twice():
    PeriodicTask.objects.filter(name=DAILY_PLAN.name).update(name="早上的安排")

    assert "nothing to change" in run_command()
    assert PeriodicTask.objects.filter(task=DAILY_PLAN.task).get().name == "早上的安排"

    assert f"Renamed “早上的安排” back to “{DAILY_PLAN.name}”." in run_command("--reset")
    assert PeriodicTask.objects.filter(task=DAILY_PLAN.task).get().name == DAILY_PLAN.name


def change_form(task: PeriodicTask, crontab: CrontabSchedule) -> dict[str, str]:
    """What the admin's change form posts for a periodic task, with another crontab picked."""
    return {
        "name": task.name,
        "regtask": task.task,
        "task": task.task,
        "enabled": "on",
        "description": task.description,
        "interval": "",
        "crontab": str(crontab.pk),
        "solar": "",
        "clocked": "",
        "start_time_0": "",
        "start_time_1": "",
        "args": task.args,
        "kwargs": task.kwargs,
        "expires_0": "",
        "expires_1": "",
        "expire_seconds": "",
        "queue": "",
        "exchange": "",
        "routing_key": "",
        "priority": "",
        "headers": task.headers or "{}",
    }


def test_hr_changes_a_time_in_the_admin_but_adds_and_deletes_nothing(client, world):
    task = PeriodicTask.objects.get(name=DAILY_PLAN.name)
    half_past_seven = CrontabSchedule.objects.create(minute="30", hour="7", timezone="Asia/Shanghai")
    client.force_login(world.hr)

    changelist = client.get("/admin/django_celery_beat/periodictask/")
    assert changelist.status_code == 200 and escape(DAILY_PLAN.name) in changelist.content.decode()
    for row in PeriodicTask.objects.all():  # crontab and interval entries alike
        assert client.get(f"/admin/django_celery_beat/periodictask/{row.pk}/change/").status_code == 200
    assert client.get(f"/admin/django_celery_beat/crontabschedule/{task.crontab_id}/change/").status_code == 200

    saved = client.post(f"/admin/django_celery_beat/periodictask/{task.pk}/change/", change_form(task, half_past_seven))

    assert saved.status_code == 302
    assert crontab_of(DAILY_PLAN.task)[:2] == ("30", "7")
    assert client.get("/admin/django_celery_beat/periodictask/add/").status_code == 403
    assert client.get("/admin/django_celery_beat/crontabschedule/add/").status_code == 403
    assert client.post(f"/admin/django_celery_beat/periodictask/{task.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PeriodicTask.objects.filter(pk=task.pk).exists()

    assert "nothing to change" in run_command()
    assert crontab_of(DAILY_PLAN.task)[:2] == ("30", "7")


def test_a_trainer_may_not_see_the_schedule(client, world):
    task = PeriodicTask.objects.get(name=DAILY_PLAN.name)
    client.force_login(world.trainer)
    assert client.get("/admin/django_celery_beat/periodictask/").status_code == 403
    assert client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/").status_code == 403
