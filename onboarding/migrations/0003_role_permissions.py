"""What each role may do with the pre-onboarding step in the admin: HR keeps the gated plans and the
checklist; trainers may look at them. Progress and overrides are written by the portal's pages only."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HR = {
    "view": ["gatedplan", "checklistitem"],
    "add": ["gatedplan", "checklistitem"],
    "change": ["gatedplan", "checklistitem"],
    "delete": ["gatedplan", "checklistitem"],
}
TRAINER = {"view": ["gatedplan", "checklistitem"]}


def _codenames(grants):
    return [f"{verb}_{model}" for verb, models in grants.items() for model in models]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("onboarding")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")  # noqa: N806
    mine = apps.get_model("auth", "Permission").objects.filter(content_type__app_label="onboarding")
    for name, grants in (("hr", HR), ("trainer", TRAINER)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*mine.filter(codename__in=_codenames(grants)))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")  # noqa: N806
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["hr", "trainer"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="onboarding"))


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0002_starter_data"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
