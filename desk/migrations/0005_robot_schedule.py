"""Adds the group robots' periodic jobs to the schedule (desk/schedule.py): the day's plan, late readers, exams on
the next working day, roll calls and logs not done, the day's exam results, and the every-minute send of messages
the rate limit or a retry held back. install_schedule creates only what is missing, so HR's times stay as they are."""

from django.db import migrations

from desk.schedule import install_schedule


def install(apps, schema_editor):
    install_schedule(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [("desk", "0004_career_schedule")]

    # Unapplying keeps the rows, as 0001 does.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
