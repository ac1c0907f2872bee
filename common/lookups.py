"""``__in`` on an integer column, kept from numbers the column cannot hold.

Django already keeps ``exact``, ``gt``, ``lt``… on an integer column from a value outside the column's
range (the answer is simply empty or full); ``in`` it leaves alone, and SQLite then fails with an
OverflowError. Forms hit it: a ModelMultipleChoiceField looks its posted ids up with ``pk__in``, so a
posted ``99999999999999999999`` was a 500. Such a value matches no row, so it is dropped.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                v
                for v in self.rhs
                if not isinstance(v, int) or ((low is None or v >= low) and (high is None or v <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
