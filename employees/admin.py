from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_scope import OwnRowsAdminMixin
from .models import Employee, Preference, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fk_name = "employee"
    extra = 0
    can_delete = False
    # A tuple: one value typed as both `fields` and `readonly_fields` (a list can only be typed as one).
    fields = ("changed_at", "from_status", "to_status", "reason", "changed_by", "phase_number", "day_number")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:  # history is written by the status service only
        return False


# Registered again with the cohort scope by training/admin_employees.py (this app knows no cohorts).
@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["employee_no", "name", "tier", "position_class", "status", "mentor", "team", "hire_date"]
    list_filter = ["tier", "position_class", "status", "team"]
    search_fields = ["employee_no", "name", "phone", "user__username"]
    list_select_related = ["mentor"]
    raw_id_fields = ["user", "mentor"]
    # Status changes go through the portal's status page so that each one is recorded with a reason.
    readonly_fields = ["status", "created_at"]
    inlines = [StatusChangeInline]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["employee", "from_status", "to_status", "changed_at", "changed_by", "phase_number", "reason"]
    list_filter = ["to_status", "from_status", "phase_number"]
    search_fields = ["employee__name", "employee__employee_no", "reason"]
    list_select_related = ["employee", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


admin.site.empty_value_display = _("—")  # type: ignore[assignment]  # Django renders a lazy string; the stubs say str


@admin.register(Preference)
class PreferenceAdmin(OwnRowsAdminMixin, admin.ModelAdmin):
    """Each login's own preferences only (a superuser's: all)."""

    list_display = ["user", "language", "email_reminders", "must_set_password"]
    list_filter = ["language", "email_reminders", "must_set_password"]
    search_fields = ["user__username", "user__first_name", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
