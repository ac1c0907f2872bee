"""Roster import, the number of queries: the import's statements do not depend on the number of rows but
for the INSERT batches, and the roster pages take the same queries for 3 or 30 rows."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employees.models import Employee, Preference, StatusChange
from tests.factories import CohortFactory
from tests.training.roster_files import confirm, import_page, person, the_import, upload, xlsx
from training.models import Enrollment
from training.roster import check_roster, save_roster

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roster_env")]


# ---------------------------------------------------------------------------- queries


def _kinds(queries: list[dict[str, str]]) -> Counter[str]:
    kinds: Counter[str] = Counter()
    for q in queries:
        sql = q["sql"].lstrip()
        verb = sql.split(None, 1)[0].upper()
        if verb == "INSERT":
            table = re.match(r'INSERT (?:OR IGNORE )?INTO "?(\w+)"?', sql).group(1)
            kinds[f"INSERT {table}"] += 1
        elif verb == "COPY":
            kinds[f"COPY {sql.split()[1].strip(chr(34))}"] += 1
        else:
            kinds["other"] += 1
    return kinds


def _expected_inserts(model: Any, rows: int, batch_size: int | None) -> int:
    """INSERT statements Django sends for `rows` objects: our batch size, capped by the backend's own limit."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    size = connection.ops.bulk_batch_size(fields, [None] * rows)
    size = min(size, batch_size) if batch_size else size
    return math.ceil(rows / max(size, 1))


def test_the_import_takes_a_fixed_number_of_queries_besides_insert_batches(world):
    """30 or 300 rows: the same statements, but for the INSERT batches Django cuts bulk inserts into (our
    batches of 1,000 rows; on SQLite at most 999 parameters a statement). Besides INSERTs, 20 statements:
    the four checks (employee numbers, logins, mentors, plans), the two roles; then enroll(): the
    already-enrolled check, the plans, and schedule_cohort's phases, calendar days, calendar years, end
    date and cohort UPDATE (new enrollments have no extensions or old days to read or delete, and nobody's
    training is due in a cohort that starts in two weeks); and 9 SAVEPOINT/RELEASE (one pair around
    the enrollments' insert, so a colleague's enrollment racing it becomes a message). On PostgreSQL every
    table gets one COPY, and the logins' and employees' keys one SELECT each from their sequences."""
    from training.models import ScheduledDay as Day
    from training.roster.columns import BATCH_SIZE

    membership = User.groups.through
    seen = {}
    for size, tag in ((30, "A"), (300, "B")):
        cohort = CohortFactory(start_date=timezone.localdate() + timedelta(days=14))
        data = xlsx([person(f"{tag}{i}", mentor=world.mentor.employee_no) for i in range(size)])
        with CaptureQueriesContext(connection) as ctx:
            result = check_roster(BytesIO(data), name="r.xlsx", cohort=cohort)
            save_roster(cohort=cohort, rows=result.rows, by=world.hr)
        kinds = _kinds(ctx.captured_queries)
        seen[size] = kinds["other"]
        # Logins and employees: on PostgreSQL one COPY each, with keys taken from the sequence by one SELECT
        # (counted in "other"); INSERT batches elsewhere.
        for model in (User, Employee):
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                assert kinds[f"COPY {table}"] == 1 and not kinds[f"INSERT {table}"], table
            else:
                assert kinds[f"INSERT {table}"] == _expected_inserts(model, size, BATCH_SIZE), table
        assert kinds["INSERT training_enrollment"] == _expected_inserts(Enrollment, size, None)
        # The mentor role for the named mentor: one statement.
        assert kinds["INSERT auth_user_groups"] == 1 + (
            0 if connection.vendor == "postgresql" else _expected_inserts(membership, size, 2000)
        )
        # Rows nobody refers to right away: one COPY each on PostgreSQL, INSERT batches elsewhere.
        for model, rows in ((membership, size), (Preference, size), (StatusChange, size), (Day, size * 17)):
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                assert kinds[f"COPY {table}"] == 1, table
            else:
                assert kinds[f"INSERT {table}"] == _expected_inserts(model, rows, 2000) + (model is membership)
    assert seen[30] == seen[300] == (22 if connection.vendor == "postgresql" else 20)


def test_pages_take_the_same_queries_for_3_or_30_rows(client, world):
    client.force_login(world.hr)
    found = {}
    for size in (3, 30):
        upload(client, world, xlsx([person(f"Q{size}-{i}", mentor=world.mentor.employee_no) for i in range(size)]))
        roster_import = the_import()
        with CaptureQueriesContext(connection) as preview:
            assert import_page(client, roster_import).status_code == 200
        confirm(client, roster_import)
        with CaptureQueriesContext(connection) as result:
            assert import_page(client, roster_import).status_code == 200
        with CaptureQueriesContext(connection) as upload_page:
            assert client.get(reverse("roster_upload", kwargs={"pk": world.cohort.pk})).status_code == 200
        found[size] = (len(preview), len(result), len(upload_page))
    # Every page: session, user, roles, the notification bell (base.html); then
    # preview: cohort, import, mentors' names
    # result: cohort, import, members with mentors, member count, accounts waiting for a password
    # upload page: cohort, latest imports, accounts waiting for a password
    assert found[3] == found[30] == (7, 9, 7)
