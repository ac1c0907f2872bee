"""Version 1 of the banned-word list: the starter words and allowed phrases."""

from django.db import migrations

from wording import seeds


def install(apps, schema_editor):
    seeds.install(apps)


class Migration(migrations.Migration):
    dependencies = [("wording", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
