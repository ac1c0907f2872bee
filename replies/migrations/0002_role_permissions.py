"""HR keeps the quick-reply libraries in the admin (every permission). Trainers curate the team library on
the portal's pages (approve, groups, import), which check their role; nobody else gets admin rights."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("replies")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Give HR every replies permission (idempotent)."""
    hr, _ = Group.objects.get_or_create(name="hr")
    hr.permissions.add(*Permission.objects.filter(content_type__app_label="replies"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="hr"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="replies"))


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0001_quick_replies"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
