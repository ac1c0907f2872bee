"""The reminder schedule, stored by django-celery-beat so that it can be read and changed in the
admin (Periodic tasks). Times are Asia/Shanghai. Each task defaults to today's date."""

from django.db import migrations

SCHEDULE = [
    # (name, task, minute, hour, day_of_week)
    ("每日 08:00：今日培训安排 / Daily 08:00: today's plan", "training.send_daily_plans", "0", "8", "*"),
    ("每日 10:00：待阅卷提醒 / Daily 10:00: grading backlog", "training.send_grading_backlog", "0", "10", "*"),
    ("每日 17:00：考试前一天提醒 / Daily 17:00: exam on the next working day", "training.send_exam_eve_reminders", "0", "17", "*"),
    ("每日 18:00：点名与带教记录提醒 / Daily 18:00: unfinished roll calls and shadowing logs", "training.send_checkoff_reminders", "0", "18", "*"),
    ("每周一 09:00：HR 周报 / Monday 09:00: weekly HR report", "training.send_weekly_hr_report", "0", "9", "1"),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour, day_of_week in SCHEDULE:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week=day_of_week, day_of_month="*", month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_notifications_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
