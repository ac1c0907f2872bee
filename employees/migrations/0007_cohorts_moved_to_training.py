"""Drop cohorts, enrollments and roster imports from the employees app's state (now the training app's)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0006_cohort_tables_to_training"),
        ("training", "0006_cohorts_from_employees"),
        ("assessments", "0005_enrollment_in_training"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="enrollment", name="cohort"),
                migrations.RemoveField(model_name="rosterimport", name="cohort"),
                migrations.RemoveField(model_name="enrollment", name="employee"),
                migrations.RemoveField(model_name="enrollment", name="plan"),
                migrations.RemoveField(model_name="rosterimport", name="uploaded_by"),
                migrations.DeleteModel(name="Cohort"),
                migrations.DeleteModel(name="Enrollment"),
                migrations.DeleteModel(name="RosterImport"),
            ],
        ),
    ]
