"""The default 100-point score sheet (quality/sheets.py), installed as data; HR edits it in the admin."""

from django.db import migrations

from quality.sheets import DEFAULT_CODE, install_default_sheet


def install(apps, schema_editor):
    install_default_sheet(apps)


def remove(apps, schema_editor):
    ScoreSheet = apps.get_model("quality", "ScoreSheet")
    # Only a sheet nobody scored against: checks protect theirs.
    ScoreSheet.objects.filter(code=DEFAULT_CODE, checks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_quality_checks")]

    operations = [migrations.RunPython(install, remove)]
