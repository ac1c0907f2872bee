"""Timeline source for an employee's page: quality checks scored and changed (see ``employees.audit``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from employees.audit import Entry, changes, register
from employees.models import Employee

from .models import QualityCheck

FIELDS = ["chat_date", "platform", "session_ref", "total", "red_line", "passed", "items_hit", "comment"]


@register
def quality_check_changes(employee: Employee) -> list[Entry]:
    versions = QualityCheck.history.filter(employee_id=employee.pk).select_related("history_user__employee")
    return changes(
        list(versions),
        FIELDS,
        subject=lambda row: _("Quality check · %(date)s") % {"date": row.chat_date.isoformat()},
    )
