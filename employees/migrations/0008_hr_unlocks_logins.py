"""HR may see failed logins and unlock a locked-out login in the admin (django-axes: view and delete on
AccessAttempt), as listed in ROLE_PERMISSIONS of 0003_roles."""

from importlib import import_module

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    roles = import_module("employees.migrations.0003_roles")
    roles.grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    attempts = Permission.objects.filter(content_type__app_label="axes", content_type__model="accessattempt")
    for group in apps.get_model("auth", "Group").objects.filter(name="hr"):
        group.permissions.remove(*attempts)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0007_cohorts_moved_to_training"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
