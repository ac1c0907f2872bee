from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def rate(part: int | float | None, whole: int | None = None) -> str:
    """A share as a whole percentage: ``x|rate`` for a fraction, ``part|rate:whole`` for a count; "—"
    when there is nothing to divide by."""
    if part is None:
        return "—"
    if whole is not None:
        if not whole:
            return "—"
        part = part / whole
    return f"{round(part * 100)}%"
