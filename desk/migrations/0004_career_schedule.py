"""Adds the periodic jobs of career-long training to the schedule (desk/schedule.py): certifications that
expire, trial-post logs, coaching goals and check-ins, the pre-onboarding step and knowledge updates.
install_schedule creates only what is missing, so HR's times stay as they are."""

from django.db import migrations

from desk.schedule import install_schedule


def install(apps, schema_editor):
    install_schedule(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [("desk", "0003_sweep_stalled_work")]

    # Unapplying keeps the rows, as 0001 does.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
