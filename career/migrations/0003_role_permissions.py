"""HR keeps the competencies and reads (and adds to) certifications and refresher needs in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HR = ["add_competency", "change_competency", "view_competency", "view_certification", "add_certification",
      "view_refresherneed", "add_refresherneed"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("career")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Give HR its career permissions (idempotent)."""
    hr, _ = Group.objects.get_or_create(name="hr")
    hr.permissions.add(*Permission.objects.filter(content_type__app_label="career", codename__in=HR))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="hr"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="career"))


class Migration(migrations.Migration):
    dependencies = [
        ("career", "0002_competencies_certifications"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
