"""The migrations that moved models between apps keep every row and every relation.

Cohorts, enrollments and roster imports went from employees to training (employees 0006 renames the tables,
training 0006 takes the models over, assessments 0005 points its foreign keys at them, employees 0007 lets
them go); notifications, reminders sent and reports went from training to apps of their own (training 0007
renames the tables, notifications 0001 and reports 0001 take them over, training 0008 lets them go). The test
migrates the database back to before the moves, writes rows with the historical models there, migrates
forward again and reads the rows through the new apps' historical models. It leaves the database fully
migrated, as every other test expects it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVES = [
    ("employees", "0005_preferences_roster_imports"),
    ("training", "0005_role_permissions"),
    ("assessments", "0004_close_expired_schedule"),
    ("notifications", None),
    ("reports", None),
]
COHORT_PERMISSIONS = {"add_cohort", "change_cohort", "delete_cohort", "view_cohort"}


def migrate(targets=None):
    """Migrate the test database to `targets` (None: the latest migration of every app, whatever a later
    migration adds) and return the historical apps there."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets or executor.loader.graph.leaf_nodes())
    if targets is not None:
        return state.apps
    # The historical models of a state built afresh from the migrations, as a new process sees them: the state
    # the executor hands back after this backward and forward run has lost the source field of
    # Cohort.members (its through model Enrollment) since apps with relations to Enrollment were added.
    return MigrationExecutor(connection).loader.project_state(executor.loader.graph.leaf_nodes()).apps


def cohort_permissions_of_hr(apps) -> set[tuple[str, str]]:
    group = apps.get_model("auth", "Group").objects.get(name="hr")
    found = group.permissions.filter(codename__in=COHORT_PERMISSIONS)
    return set(found.values_list("content_type__app_label", "codename"))


@pytest.mark.django_db(transaction=True)
def test_moving_models_between_apps_keeps_the_rows_their_relations_and_the_permissions():
    try:
        old = migrate(BEFORE_THE_MOVES)
        assert {"employees_cohort", "training_notification", "training_report"} <= set(
            connection.introspection.table_names()
        )
        assert cohort_permissions_of_hr(old) == {("employees", codename) for codename in COHORT_PERMISSIONS}

        user = old.get_model("auth", "User").objects.create(username="before-the-move", first_name="旧")
        trainer = old.get_model("auth", "User").objects.create(username="trainer-before-the-move")
        employee = old.get_model("employees", "Employee").objects.create(
            user=user, employee_no="M0001", name="搬家前", position_class="pre_sale"
        )
        plan = old.get_model("training", "PlanTemplate").objects.filter(tier="new_hire").first()
        assert plan is not None  # shipped by training 0002_standard_plans
        cohort = old.get_model("employees", "Cohort").objects.create(
            name="搬家前的批次", tier="new_hire", start_date=date(2026, 11, 16), created_by=trainer
        )
        cohort.trainers.add(trainer)
        enrollment = old.get_model("employees", "Enrollment").objects.create(
            cohort=cohort, employee=employee, plan=plan
        )
        day = old.get_model("training", "ScheduledDay").objects.create(
            enrollment=enrollment, day_number=1, date=date(2026, 11, 16)
        )
        note = old.get_model("training", "Notification").objects.create(
            user=user, kind="daily_plan", title="今日安排", url="/today/"
        )
        log = old.get_model("training", "ReminderLog").objects.create(
            user=user, kind="daily_plan", day=date(2026, 11, 16), notification=note
        )
        report = old.get_model("training", "Report").objects.create(
            kind="cohort", params={"cohort_id": cohort.pk}, title="批次报告", requested_by=user
        )

        new = migrate()

        tables = set(connection.introspection.table_names())
        assert {"training_cohort", "training_cohort_trainers", "training_enrollment"} <= tables
        assert {"notifications_notification", "notifications_reminderlog", "reports_report"} <= tables
        assert not {"employees_cohort", "employees_enrollment", "training_notification", "training_report"} & tables
        connection.check_constraints()  # every foreign key still points at a row

        moved_cohort = new.get_model("training", "Cohort").objects.get(pk=cohort.pk)
        assert (moved_cohort.name, moved_cohort.start_date, moved_cohort.created_by_id) == (
            "搬家前的批次",
            date(2026, 11, 16),
            trainer.pk,
        )
        assert list(moved_cohort.trainers.values_list("pk", flat=True)) == [trainer.pk]
        assert list(moved_cohort.members.values_list("pk", flat=True)) == [employee.pk]
        moved_enrollment = new.get_model("training", "Enrollment").objects.get(pk=enrollment.pk)
        assert (moved_enrollment.cohort_id, moved_enrollment.employee_id, moved_enrollment.plan_id) == (
            cohort.pk,
            employee.pk,
            plan.pk,
        )
        moved_day = (
            new.get_model("training", "ScheduledDay").objects.select_related("enrollment__cohort").get(pk=day.pk)
        )
        assert moved_day.enrollment.cohort.name == "搬家前的批次"

        moved_note = new.get_model("notifications", "Notification").objects.get(pk=note.pk)
        assert (moved_note.user_id, moved_note.kind, moved_note.title, moved_note.url) == (
            user.pk,
            "daily_plan",
            "今日安排",
            "/today/",
        )
        moved_log = new.get_model("notifications", "ReminderLog").objects.get(pk=log.pk)
        assert (moved_log.user_id, moved_log.notification_id, moved_log.day) == (user.pk, note.pk, date(2026, 11, 16))
        moved_report = new.get_model("reports", "Report").objects.get(pk=report.pk)
        assert (moved_report.requested_by_id, moved_report.title, moved_report.params) == (
            user.pk,
            "批次报告",
            {"cohort_id": cohort.pk},
        )

        # The content types moved with the models, and with them the roles' permissions.
        assert cohort_permissions_of_hr(new) == {("training", codename) for codename in COHORT_PERMISSIONS}
        content_types = new.get_model("contenttypes", "ContentType").objects
        assert not content_types.filter(app_label="employees", model__in=["cohort", "enrollment", "rosterimport"])
        assert content_types.filter(app_label="notifications", model__in=["notification", "reminderlog"]).count() == 2
        assert content_types.filter(app_label="reports", model="report").exists()
    finally:
        migrate()  # fully migrated again, whatever happened above
        ContentType.objects.clear_cache()
