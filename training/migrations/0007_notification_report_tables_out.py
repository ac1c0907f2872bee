"""Notifications, reminders sent and reports move to apps of their own: rename their tables here (rows kept);
notifications 0001 and reports 0001 take the models over in Django's state, training 0008 drops them here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0006_cohorts_from_employees"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("notification", "notifications_notification"),
                migrations.AlterModelTable("reminderlog", "notifications_reminderlog"),
                migrations.AlterModelTable("report", "reports_report"),
                migrations.RenameIndex(
                    "notification", new_name="notification_user_unread", old_name="training_no_user_id_1e1928_idx"
                ),
            ],
            state_operations=[],
        ),
    ]
