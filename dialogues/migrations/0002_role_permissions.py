"""HR keeps every dialogue permission (scenarios, turns, practice runs); trainers write scenarios and their
turns and read the runs. Mentors and trainees get none (they practise on the portal's pages)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINER = [
    "add_scenario",
    "change_scenario",
    "view_scenario",
    "add_turn",
    "change_turn",
    "delete_turn",
    "view_turn",
    "view_session",
    "view_reply",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("dialogues")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Idempotent."""
    mine = Permission.objects.filter(content_type__app_label="dialogues")
    Group.objects.get_or_create(name="hr")[0].permissions.add(*mine)
    Group.objects.get_or_create(name="trainer")[0].permissions.add(*mine.filter(codename__in=TRAINER))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["hr", "trainer"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="dialogues"))


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0001_initial"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
