"""The twelve starter scenarios (dialogues/seeds.py), linked to the new-hire plan's day-6 情景对话 items."""

from django.db import migrations


def install(apps, schema_editor):
    from dialogues.seeds import install as install_scenarios

    install_scenarios(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0002_role_permissions"),
        ("training", "0015_enrollment_state_backfill"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
