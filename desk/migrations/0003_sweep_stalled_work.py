"""Adds the sweeper of desk/schedule.py (`desk.sweep_stalled_work`, every 5 minutes) to the periodic
schedule: install_schedule creates only what is missing, so HR's times stay as they are."""

from django.db import migrations

from desk.schedule import install_schedule


def install(apps, schema_editor):
    install_schedule(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_hr_edits_schedule"),
        ("reports", "0002_report_heartbeat"),
        ("training", "0010_roster_import_heartbeat"),
    ]

    # Unapplying keeps the row, as 0001 does.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
