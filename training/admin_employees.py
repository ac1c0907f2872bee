"""The employees' admin (``employees/admin.py``) scoped by what this app knows: a trainer sees the
employees enrolled in the cohorts they train and their status history, a mentor their mentees
(``admin_scope``). The employees app cannot know cohorts, so its two ModelAdmins are registered
again here, with the scope mixed in."""

from __future__ import annotations

from django.contrib import admin

from employees.admin import EmployeeAdmin, StatusChangeAdmin
from employees.models import Employee, StatusChange

from .admin_scope import ScopedAdminMixin

admin.site.unregister(Employee)
admin.site.unregister(StatusChange)


@admin.register(Employee)
class ScopedEmployeeAdmin(ScopedAdminMixin, EmployeeAdmin):
    cohort_path, mentee_path = "enrollments__cohort", ""


@admin.register(StatusChange)
class ScopedStatusChangeAdmin(ScopedAdminMixin, StatusChangeAdmin):
    cohort_path, mentee_path = "employee__enrollments__cohort", "employee"
