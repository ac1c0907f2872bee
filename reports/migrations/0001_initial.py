"""Reports, taken over from the training app (table renamed by training 0007)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from common.migrations_helpers import move_content_types

MOVED = ["report"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("training", "0007_notification_report_tables_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('cohort', 'Cohort report'), ('training', 'Training report'), ('transcript', 'Trainee transcript'), ('weekly', 'Weekly HR report'), ('employees', 'Employee list')], max_length=16, verbose_name='report')),
                        ('params', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Being built'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=16, verbose_name='status')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                        ('file', models.FileField(blank=True, upload_to='reports/%Y/%m/', verbose_name='file')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'verbose_name': 'report',
                        'verbose_name_plural': 'reports',
                        'ordering': ['-requested_at'],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("training", "reports", MOVED), move_content_types("reports", "training", MOVED)
        ),
    ]
