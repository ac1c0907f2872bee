"""Ship the new-hire, veteran refresher and promotion-track plans as data."""

from django.db import migrations

from training.standard_plans import STANDARD_PLANS, install_standard_plans


def install(apps, schema_editor):
    install_standard_plans(
        apps.get_model("training", "PlanTemplate"),
        apps.get_model("training", "Phase"),
        apps.get_model("training", "PlanItem"),
    )


def uninstall(apps, schema_editor):
    apps.get_model("training", "PlanTemplate").objects.filter(code__in=[p["code"] for p in STANDARD_PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
