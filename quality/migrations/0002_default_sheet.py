"""The default 100-point score sheet (quality/sheets.py), installed as data; HR edits it in the admin."""

from django.db import migrations

from quality.sheets import install_default_sheet


def install(apps, schema_editor):
    install_default_sheet(apps)


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_quality_checks")]

    # Unapplying keeps the sheet (unapplying 0001 drops its tables), as the other seed migrations do.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
