"""HR and trainers may look knowledge updates up in the admin (read only; the admin cuts a trainer's
rows to the updates they published). Writing goes through the portal's pages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ["view_update", "view_version", "view_receipt"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("knowledge")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Give HR and trainers view permission on updates, versions and receipts (idempotent)."""
    mine = Permission.objects.filter(content_type__app_label="knowledge", codename__in=VIEW)
    for name in ("hr", "trainer"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*mine)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["hr", "trainer"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="knowledge"))


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
