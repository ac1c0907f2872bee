"""What each role may do with quality checks in the admin: HR keeps the score sheets and may read and delete
checks (which are scored on the portal). Trainers score on the portal and need nothing here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("quality")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Give HR every quality permission (idempotent)."""
    hr, _ = Group.objects.get_or_create(name="hr")
    hr.permissions.add(*Permission.objects.filter(content_type__app_label="quality"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="hr"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="quality"))


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0002_default_sheet"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
