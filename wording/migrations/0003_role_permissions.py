"""HR and trainers keep the banned-word list: they see every version and edit the draft's words and allowed
phrases (the pages do the editing and publishing; the admin lets them fix a draft too). Mentors and
trainees get none."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "view": ["wordlistversion", "bannedword", "allowedphrase"],
    "add": ["bannedword", "allowedphrase"],
    "change": ["bannedword", "allowedphrase"],
    "delete": ["bannedword", "allowedphrase"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("wording")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Give HR and trainers their wording permissions (idempotent)."""
    codenames = [f"{verb}_{model}" for verb, models in GRANTS.items() for model in models]
    mine = Permission.objects.filter(content_type__app_label="wording", codename__in=codenames)
    for name in ("hr", "trainer"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*mine)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["hr", "trainer"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="wording"))


class Migration(migrations.Migration):
    dependencies = [
        ("wording", "0002_starter_list"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
