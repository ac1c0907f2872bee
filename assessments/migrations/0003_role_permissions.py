"""What each role may do with assessments in the admin. HR runs the bank and the exams;
trainers keep the bank, grade answers and score practicals."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINER = {
    "view": ["category", "question", "choice", "exam", "examrule", "examquestion", "attempt", "answer",
             "shortanswerpending", "regrade", "retake", "rubric", "criterion", "level", "practicalassessment",
             "criterionscore", "typingpassage", "typingresult", "sessionrating", "signoff"],
    "add": ["question", "choice", "category", "practicalassessment", "criterionscore", "typingpassage"],
    "change": ["question", "choice", "answer", "shortanswerpending", "practicalassessment", "criterionscore",
               "typingpassage"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("assessments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):  # noqa: N803 - historical models
    """Give HR and trainers their assessments permissions (idempotent)."""
    mine = Permission.objects.filter(content_type__app_label="assessments")
    hr, _ = Group.objects.get_or_create(name="hr")
    hr.permissions.add(*mine)
    trainer, _ = Group.objects.get_or_create(name="trainer")
    codenames = [f"{verb}_{model}" for verb, models in TRAINER.items() for model in models]
    trainer.permissions.add(*mine.filter(codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["hr", "trainer"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="assessments"))


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_starter_data"),
        ("employees", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
