"""Once created the daily `employees.start_due_trainings` entry of the periodic schedule.

The whole schedule now lives in desk/schedule.py and is installed by
desk/migrations/0001_periodic_schedule.py (and `manage.py install_schedule`). This migration is
kept, doing nothing, so that the migration graph stays as it was.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0003_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = []
