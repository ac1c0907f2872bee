"""The four roles as groups, with the model permissions each needs in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Codenames per role. HR runs cohorts and plans; trainers check off and read plans in the admin.
ROLE_PERMISSIONS = {
    "hr": {
        "employees": ["add", "change", "view", "delete"],
        "training": ["add", "change", "view", "delete"],
        # The periodic schedule (desk/schedule.py): HR may change times and switch jobs off in
        # the admin, never add or delete one. Granted by desk/migrations/0002_hr_edits_schedule.py.
        "django_celery_beat": ["view:periodictask", "change:periodictask", "view:crontabschedule",
                               "change:crontabschedule"],
        # Locked-out logins (django-axes): HR sees the failed attempts and unlocks a login by deleting
        # them. Granted by employees/migrations/0008_hr_unlocks_logins.py.
        "axes": ["view:accessattempt", "delete:accessattempt"],
    },
    "trainer": {
        "employees": ["view"],
        "training": ["view", "change:itemrecord", "add:itemrecord", "change:shadowinglog", "view:shadowinglog"],
    },
    "mentor": {},
    "trainee": {},
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Create the role groups and give them their permissions (idempotent)."""
    for role, rules in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, actions in rules.items():
            for action in actions:
                if ":" in action:
                    verb, model = action.split(":")
                    perms = Permission.objects.filter(
                        content_type__app_label=app_label, codename=f"{verb}_{model}"
                    )
                else:
                    perms = Permission.objects.filter(
                        content_type__app_label=app_label, codename__startswith=f"{action}_"
                    )
                group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0002_initial"),
        ("training", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
