"""What each role may do with coaching records in the admin: HR everything; trainers read the records of the
people in their cohorts (the admin's scope cuts the rows). Pages are where the records are written."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINER_VIEW = ["trialpostlog", "coachingplan", "goal", "checkin", "rewardpenalty"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("coaching")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Give HR and trainers their coaching permissions (idempotent)."""
    mine = Permission.objects.filter(content_type__app_label="coaching")
    hr, _ = Group.objects.get_or_create(name="hr")
    hr.permissions.add(*mine)
    trainer, _ = Group.objects.get_or_create(name="trainer")
    trainer.permissions.add(*mine.filter(codename__in=[f"view_{model}" for model in TRAINER_VIEW]))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["hr", "trainer"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="coaching"))


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0001_trial_post_coaching_rewards"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
