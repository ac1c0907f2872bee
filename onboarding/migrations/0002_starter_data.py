"""The new-hire plan requires the pre-onboarding step for cohorts starting from the day this runs (cohorts
already under way are not held back); the starter checklist; more handbook questions for the quiz."""

from django.db import migrations
from django.utils import timezone

from onboarding import seeds


def install(apps, schema_editor):
    seeds.install(apps, today=timezone.localdate())


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0001_initial"),
        ("assessments", "0002_starter_data"),
        ("training", "0002_standard_plans"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
