"""Ship the starter question bank, the exams on the new-hire plan, rubrics and typing passages."""

from django.db import migrations

from assessments.seeds import exams, questions, rubrics, typing


def install(apps, schema_editor):
    questions.install(apps)
    exams.install(apps)
    rubrics.install(apps)
    typing.install(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("training", "0002_standard_plans"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
