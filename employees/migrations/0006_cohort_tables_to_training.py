"""Cohorts, enrollments and roster imports move to the training app: rename their tables here (rows kept);
training 0006 takes the models over in Django's state, and 0007 drops them from this app's state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0005_preferences_roster_imports"),
        ("training", "0005_role_permissions"),
        # Every table that refers to these ones exists first, so that the renames carry the references along.
        ("assessments", "0004_close_expired_schedule"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                # Renames the trainers table (employees_cohort_trainers) with it.
                migrations.AlterModelTable("cohort", "training_cohort"),
                migrations.AlterModelTable("enrollment", "training_enrollment"),
                migrations.AlterModelTable("rosterimport", "training_rosterimport"),
            ],
            state_operations=[],
        ),
    ]
