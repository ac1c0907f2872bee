"""What this app adds to HR's employee page: the person's knowledge updates and where they stand."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from common.sections import Section
from employees.models import Employee

from .selectors import updates_for

LISTED = 10


def employee_updates(*, employee: Employee, viewer: Any, **_subject: Any) -> Section | None:
    """The person's updates, open ones first (three queries); nothing when none was addressed to them."""
    mine = updates_for(employee)
    if not mine:
        return None
    return Section(
        title=_("Knowledge updates"),
        template="knowledge/_employee_section.html",
        context={
            "mine": mine[:LISTED],
            "more": max(len(mine) - LISTED, 0),
            "open": sum(1 for m in mine if not m.done),
            "late": sum(1 for m in mine if m.late),
        },
        order=60,
    )
