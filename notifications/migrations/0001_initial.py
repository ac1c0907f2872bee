"""Notifications and reminders sent, taken over from the training app (tables renamed by training 0007)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from common.migrations_helpers import move_content_types

MOVED = ["notification", "reminderlog"]


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
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40, verbose_name='kind')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('body', models.TextField(blank=True, verbose_name='message')),
                        ('url', models.CharField(blank=True, max_length=300, verbose_name='link')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mailed at')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ReminderLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40, verbose_name='kind')),
                        ('day', models.DateField(verbose_name='day')),
                        ('subject', models.CharField(blank=True, default='', max_length=100, verbose_name='about')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('notification', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='notifications.notification', verbose_name='notification')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
                    ],
                    options={
                        'verbose_name': 'reminder sent',
                        'verbose_name_plural': 'reminders sent',
                    },
                ),
                migrations.AddIndex(
                    model_name='notification',
                    index=models.Index(fields=['user', 'read_at'], name='notification_user_unread'),
                ),
                migrations.AddConstraint(
                    model_name='reminderlog',
                    constraint=models.UniqueConstraint(fields=('user', 'kind', 'day', 'subject'), name='one_reminder_per_person_kind_day'),
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("training", "notifications", MOVED), move_content_types("notifications", "training", MOVED)
        ),
    ]
