"""HR may read and change the periodic schedule in the admin (times, enabled), never add or delete
an entry: view and change on PeriodicTask and CrontabSchedule, as listed in ROLE_PERMISSIONS."""

from importlib import import_module

from django.contrib.auth.management import create_permissions
from django.db import migrations

BEAT_MODELS = ["periodictask", "crontabschedule"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("django_celery_beat")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    roles = import_module("employees.migrations.0003_roles")
    roles.grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    beat = Permission.objects.filter(content_type__app_label="django_celery_beat", content_type__model__in=BEAT_MODELS)
    for group in apps.get_model("auth", "Group").objects.filter(name="hr"):
        group.permissions.remove(*beat)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_periodic_schedule"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
