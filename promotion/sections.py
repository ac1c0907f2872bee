"""What the promotion track adds to HR's employee page (``training.panels.employee_sections``): the employee's
candidacies with their status and decision, a link to each dossier, and a link to nominate a live employee
(one query; nothing for someone never nominated who is not live)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from common.sections import Section
from employees.models import Employee, Status

RECENT = 5


def promotion_section(*, employee: Employee, viewer: User | AnonymousUser, **_subject: Any) -> Section | None:
    candidacies = list(employee.promotion_candidacies.order_by("-nominated_at", "-pk")[:RECENT])
    if not candidacies and employee.status != Status.LIVE:
        return None
    return Section(
        title=_("Promotion track"),
        template="promotion/_employee_section.html",
        context={"employee": employee, "candidacies": candidacies},
        order=80,
    )
