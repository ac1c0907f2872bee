"""Existing enrollments get their state from the facts known today (see training.enrollment_backfill)."""

from django.db import migrations
from django.utils import timezone

from training.enrollment_backfill import fill_enrollment_states


def forwards(apps, schema_editor):
    fill_enrollment_states(
        enrollment_model=apps.get_model("training", "Enrollment"),
        status_change_model=apps.get_model("employees", "StatusChange"),
        scheduled_day_model=apps.get_model("training", "ScheduledDay"),
        today=timezone.localdate(),
    )


def backwards(apps, schema_editor):
    pass  # the columns go with the previous migration's reversal


class Migration(migrations.Migration):
    dependencies = [("training", "0014_enrollment_state"), ("employees", "0010_employee_history")]

    operations = [migrations.RunPython(forwards, backwards)]
