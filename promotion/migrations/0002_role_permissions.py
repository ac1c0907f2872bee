"""HR runs the promotion track in the admin (every permission). Others get none."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("promotion")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Give HR every promotion permission (idempotent)."""
    hr, _ = Group.objects.get_or_create(name="hr")
    hr.permissions.add(*Permission.objects.filter(content_type__app_label="promotion"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="hr"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="promotion"))


class Migration(migrations.Migration):
    dependencies = [
        ("promotion", "0001_initial"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
