"""Bulk writes of plain rows (COPY on PostgreSQL, batched INSERTs elsewhere) store exactly what they are given."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.bulk import insert_rows
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_text_with_tabs_newlines_backslashes_and_nulls_comes_back_unchanged():
    user = UserFactory()
    at = datetime(2026, 11, 24, 0, 5, tzinfo=UTC)
    awkward = "第 1 行\t制表\n第 2 行 C:\\路径\\n \\N =SUM(A1)\r"
    rows = [
        (user.pk, "daily_plan", "今日计划", awkward, "/today/", at, None),
        (user.pk, "exam_eve", "", "", "", at, at),
    ]

    written = insert_rows(Notification, ["user_id", "kind", "title", "body", "url", "created_at", "read_at"], rows)

    assert written == 2
    first, second = Notification.objects.filter(user=user).order_by("kind")
    assert (first.title, first.body, first.url, first.read_at) == ("今日计划", awkward, "/today/", None)
    assert (second.title, second.body, second.read_at) == ("", "", at)


def test_many_rows_are_one_statement_on_postgresql():
    user = UserFactory()
    at = datetime.combine(date(2026, 11, 24), datetime.min.time(), tzinfo=UTC)
    rows = [(user.pk, "daily_plan", f"第 {i} 条", "", "", at) for i in range(2500)]

    with CaptureQueriesContext(connection) as ctx:
        insert_rows(Notification, ["user_id", "kind", "title", "body", "url", "created_at"], rows)

    assert Notification.objects.filter(user=user).count() == 2500
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("COPY", "INSERT"))]
    if connection.vendor == "postgresql":
        # The nullable columns left out are written as NULL.
        assert writes == [
            'COPY "notifications_notification" ("user_id", "kind", "title", "body", "url", "created_at", "read_at", '
            '"emailed_at") FROM STDIN'
        ]
    else:
        assert len(writes) >= 2  # batched INSERTs


def test_no_rows_write_nothing():
    with CaptureQueriesContext(connection) as ctx:
        assert insert_rows(Notification, ["user_id"], []) == 0
    assert not ctx.captured_queries


def test_columns_left_out_take_the_models_defaults_and_the_time_of_writing():
    from employees.models import Preference, StatusChange
    from tests.factories import EmployeeFactory

    users = [UserFactory(), UserFactory()]
    employee = EmployeeFactory()
    before = timezone.now()

    insert_rows(Preference, ["user_id", "must_set_password"], [(u.pk, True) for u in users])
    insert_rows(StatusChange, ["employee_id", "to_status", "reason"], [(employee.pk, "in_training", "入职")])

    for user in users:
        preference = Preference.objects.get(user=user)
        assert (preference.language, preference.email_reminders) == ("zh-hans", True)
        assert preference.must_set_password
    change = StatusChange.objects.get(employee=employee, reason="入职")
    assert (change.from_status, change.changed_by, change.phase_number) == ("", None, None)
    assert change.changed_at >= before


def test_a_required_column_left_out_is_refused_before_writing():
    user = UserFactory()
    if connection.vendor != "postgresql":
        pytest.skip("other databases build model instances, which fill in or refuse as the ORM does")
    with pytest.raises(ValueError, match="Notification.user"):
        insert_rows(Notification, ["kind", "title"], [("daily_plan", f"给 {user.username}")])
    assert not Notification.objects.exists()
