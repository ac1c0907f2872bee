"""The periodic schedule of desk/schedule.py, put in django-celery-beat's tables (Periodic tasks
in the admin). Creates only what is missing: on a database that already has the schedule (from the
older migrations employees 0004, training 0004 and assessments 0004, now empty) it changes no time
HR has set. `manage.py install_schedule` does the same later, and `--reset` restores the defaults."""

from django.db import migrations

from desk.schedule import install_schedule


def install(apps, schema_editor):
    install_schedule(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0007_cohorts_moved_to_training"),
        ("training", "0008_notifications_reports_moved"),
        ("assessments", "0005_enrollment_in_training"),
        ("notifications", "0001_initial"),
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    # Unapplying keeps the rows: they may hold HR's times, and applying again finds them.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
