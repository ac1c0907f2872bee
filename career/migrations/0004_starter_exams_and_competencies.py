"""Exams with starter questions on the exam days of the veteran refresher and the promotion plan, and a few
competencies that those exams, the new-hire pass exams and the refresher plan certify."""

from django.db import migrations

from career.seeds.competencies import install_all


def install(apps, schema_editor):
    install_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("career", "0003_role_permissions"),
        ("assessments", "0009_answer_history_save_number"),
        ("training", "0012_scheduled_day_progress_index"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
