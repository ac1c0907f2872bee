"""Writing many plain rows at once: PostgreSQL's COPY where the database is PostgreSQL, batched
INSERTs through the ORM elsewhere.

Laying out a cohort of thousands writes tens of thousands of scheduled days; building a model
instance and an INSERT parameter for each of them costs several times what PostgreSQL needs to
store them. COPY sends the rows as text in one statement. The statement goes through the
connection's execute wrappers, and Django's debug cursor records it (DEBUG, tests, benchmarks),
so that query counts still see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import StringIO
from typing import Any

from django.db import connections, router
from django.db.models import Model

# Rows a batch on other databases; SQLite's limit of 999 parameters is handled by Django itself.
BATCH_SIZE = 2000


def insert_rows(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Insert `rows` (tuples of values for `fields`, by attribute name: ``enrollment_id``) into
    `model`'s table without building model instances on PostgreSQL. No signals are sent and no
    primary keys come back: for rows nobody needs to refer to right away. Give every column its
    value: on other databases ``auto_now`` fields still take the time of writing. Returns rows written."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=BATCH_SIZE
        )
        return len(rows)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    data = StringIO("".join("\t".join(map(_copy_text, row)) + "\n" for row in rows))

    def copy(sql: str, params: Any, many: bool, context: dict[str, Any]) -> None:
        context["cursor"].copy_expert(sql, data)

    with connection.cursor() as cursor:
        # Through the execute wrappers, as Django's own statements go; Django's debug cursor records COPY.
        cursor._execute_with_wrappers(statement, None, False, executor=copy)
    return len(rows)


def _copy_text(value: Any) -> str:
    """One value in COPY's text format."""
    if type(value) is int:
        return str(value)
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date):  # and datetime, which isoformat() writes with its UTC offset
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
