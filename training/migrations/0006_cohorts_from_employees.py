"""The training app takes over cohorts, enrollments and roster imports (tables renamed by employees 0006)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from common.migrations_helpers import move_content_types

MOVED = ["cohort", "enrollment", "rosterimport"]


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0006_cohort_tables_to_training"),
        ("training", "0005_role_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Cohort',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('tier', models.CharField(choices=[('new_hire', 'New hire'), ('veteran', 'Veteran'), ('promotion', 'Promotion track')], max_length=16, verbose_name='tier')),
                        ('start_date', models.DateField(verbose_name='start date')),
                        ('location', models.CharField(blank=True, help_text='Shown for sessions that name no room.', max_length=100, verbose_name='usual location')),
                        ('end_date', models.DateField(blank=True, editable=False, null=True, verbose_name='end date')),
                        ('unknown_years', models.JSONField(blank=True, default=list, editable=False, verbose_name='years without holiday data')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('trainers', models.ManyToManyField(blank=True, related_name='cohorts_trained', to=settings.AUTH_USER_MODEL, verbose_name='trainers')),
                    ],
                    options={
                        'verbose_name': 'cohort',
                        'verbose_name_plural': 'cohorts',
                        'ordering': ['-start_date', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Enrollment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('joined_at', models.DateTimeField(auto_now_add=True, verbose_name='joined at')),
                        ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrollments', to='training.cohort', verbose_name='cohort')),
                        ('employee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrollments', to='employees.employee', verbose_name='employee')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrollments', to='training.plantemplate', verbose_name='plan')),
                    ],
                    options={
                        'verbose_name': 'enrollment',
                        'verbose_name_plural': 'enrollments',
                        'ordering': ['employee__employee_no'],
                    },
                ),
                migrations.AddField(
                    model_name='cohort',
                    name='members',
                    field=models.ManyToManyField(blank=True, related_name='cohorts', through='training.Enrollment', to='employees.employee', verbose_name='members'),
                ),
                migrations.AlterField(
                    model_name='extension',
                    name='enrollment',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='extensions', to='training.enrollment', verbose_name='enrollment'),
                ),
                migrations.AlterField(
                    model_name='itemrecord',
                    name='enrollment',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='item_records', to='training.enrollment', verbose_name='enrollment'),
                ),
                migrations.AlterField(
                    model_name='scheduledday',
                    name='enrollment',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scheduled_days', to='training.enrollment', verbose_name='enrollment'),
                ),
                migrations.AlterField(
                    model_name='shadowinglog',
                    name='enrollment',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shadowing_logs', to='training.enrollment', verbose_name='enrollment'),
                ),
                migrations.CreateModel(
                    name='RosterImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to='imports/rosters/%Y/%m/', verbose_name='file')),
                        ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                        ('status', models.CharField(choices=[('uploaded', 'Uploaded'), ('checked', 'Checked'), ('running', 'Importing'), ('done', 'Done'), ('failed', 'Failed')], default='uploaded', max_length=16, verbose_name='status')),
                        ('total_rows', models.PositiveIntegerField(default=0, verbose_name='rows')),
                        ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='rows processed')),
                        ('problems', models.JSONField(blank=True, default=list, verbose_name='problems')),
                        ('created_count', models.PositiveIntegerField(default=0, verbose_name='employees created')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roster_imports', to='training.cohort', verbose_name='cohort')),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'verbose_name': 'roster import',
                        'verbose_name_plural': 'roster imports',
                        'ordering': ['-uploaded_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='enrollment',
                    constraint=models.UniqueConstraint(fields=('cohort', 'employee'), name='enrollment_once_per_cohort'),
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("employees", "training", MOVED), move_content_types("training", "employees", MOVED)
        ),
    ]
