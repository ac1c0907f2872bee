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
from django.utils import timezone

# Rows a batch on other databases; SQLite's limit of 999 parameters is handled by Django itself.
BATCH_SIZE = 2000


def insert_rows(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Insert `rows` (tuples of values for `fields`, by attribute name: ``enrollment_id``) into
    `model`'s table without building model instances on PostgreSQL. Fields left out take what the
    ORM would give them: their default (a callable one is refused: it would be the same for every
    row), "" for text, NULL, or for ``auto_now`` fields the time of writing. No signals are sent
    and no primary keys come back: for rows nobody needs to refer to right away. Returns rows
    written."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=BATCH_SIZE
        )
        return len(rows)
    filled = _filled_in(model, fields)
    names = [*fields, *filled]
    quote = connection.ops.quote_name
    # A concrete field is one with a column (Django's own definition), so `column` is never None here.
    column_of = {field.attname: field.column for field in model._meta.concrete_fields if field.column is not None}
    columns = ", ".join(quote(column_of[name]) for name in names)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    tail = "".join("\t" + _copy_text(value) for value in filled.values()) + "\n"
    data = StringIO("".join("\t".join(map(_copy_text, row)) + tail for row in rows))

    def copy(sql: str, params: Any, many: bool, context: dict[str, Any]) -> None:
        context["cursor"].copy_expert(sql, data)

    with connection.cursor() as cursor:
        # Through the execute wrappers, as Django's own statements go; Django's debug cursor records COPY.
        cursor._execute_with_wrappers(statement, None, False, executor=copy)
    return len(rows)


def insert_rows_with_ids(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """``insert_rows`` for rows that others refer to at once: returns their primary keys, in order.

    On PostgreSQL the keys are taken from the table's sequence first (one statement for all of them), then
    the rows go in one COPY with their keys; elsewhere ``bulk_create`` returns them."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    pk = model._meta.pk
    assert pk is not None
    if connection.vendor != "postgresql":
        created = model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=BATCH_SIZE
        )
        return [obj.pk for obj in created]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    insert_rows(model, [pk.attname, *fields], [(key, *row) for key, row in zip(ids, rows, strict=True)])
    return ids


def _filled_in(model: type[Model], fields: Sequence[str]) -> dict[str, Any]:
    """The values of the columns not given, as the ORM would fill them in."""
    filled: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in fields:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            filled[field.attname] = timezone.now()
            continue
        value = None if field.has_default() and callable(field.default) else field.get_default()  # "" for text
        if value is None and not field.null:
            raise ValueError(f"insert_rows: give {model.__name__}.{field.name} a value")
        filled[field.attname] = value
    return filled


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
