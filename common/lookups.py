"""``__in`` on an integer column, kept from values the column cannot hold.

Django already keeps ``exact``, ``gt``, ``lt``… on an integer column from a number outside the column's
range (the answer is simply empty or full); ``in`` it leaves alone. Forms and the admin look posted ids up
with ``pk__in`` (a ModelMultipleChoiceField, the admin's autocomplete widget re-showing a refused form), so
a posted ``99999999999999999999`` was an OverflowError on SQLite and a posted ``abc`` a ValueError: 500s.
Neither matches any row of an integer column, so such values are dropped (an empty list matches nothing).
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def get_prep_lookup(self) -> Any:
        if self.rhs_is_direct_value() and not isinstance(self.rhs, str | bytes):
            field = self.lhs.output_field
            kept = []
            for value in self.rhs:
                if not hasattr(value, "resolve_expression"):
                    try:
                        field.get_prep_value(value)
                    except (TypeError, ValueError):
                        continue  # not a number: no row has it
                kept.append(value)
            self.rhs = kept
        return super().get_prep_lookup()

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
