"""Drop notifications, reminders sent and reports from the training app's state (now their own apps')."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0007_notification_report_tables_out"),
        ("notifications", "0001_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="reminderlog", name="notification"),
                migrations.RemoveField(model_name="reminderlog", name="user"),
                migrations.RemoveField(model_name="report", name="requested_by"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="ReminderLog"),
                migrations.DeleteModel(name="Report"),
            ],
        ),
    ]
