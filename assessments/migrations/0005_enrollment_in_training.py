"""Enrollments are the training app's now (state only: the table was renamed by employees 0006)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_close_expired_schedule"),
        ("training", "0006_cohorts_from_employees"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='sessionrating',
                    name='enrollment',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='session_ratings', to='training.enrollment', verbose_name='enrollment'),
                ),
                migrations.AlterField(
                    model_name='signoff',
                    name='enrollment',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sign_offs', to='training.enrollment', verbose_name='enrollment'),
                ),
            ],
        ),
    ]
