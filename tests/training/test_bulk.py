"""Bulk writes of plain rows (COPY on PostgreSQL, batched INSERTs elsewhere) store exactly what they are given."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from training.bulk import insert_rows
from training.models import Notification

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
        assert writes == ['COPY "training_notification" ("user_id", "kind", "title", "body", "url", "created_at") FROM STDIN']
    else:
        assert len(writes) >= 2  # batched INSERTs


def test_no_rows_write_nothing():
    with CaptureQueriesContext(connection) as ctx:
        assert insert_rows(Notification, ["user_id"], []) == 0
    assert not ctx.captured_queries
