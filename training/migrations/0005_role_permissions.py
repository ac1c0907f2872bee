"""Grant the roles their permissions on the models added since the roles were created
(notifications, reminders, reports, preferences, roster imports)."""

from importlib import import_module

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for label in ("employees", "training"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles = import_module("employees.migrations.0003_roles")
    roles.grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0004_reminder_schedule"),
        ("employees", "0005_preferences_roster_imports"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
