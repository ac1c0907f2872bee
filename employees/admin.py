from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Cohort, Employee, Enrollment, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fk_name = "employee"
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "reason", "changed_by", "phase_number", "day_number"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:  # history is written by the status service only
        return False


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


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    raw_id_fields = ["employee"]
    fields = ["employee", "plan", "joined_at"]
    readonly_fields = ["joined_at"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "tier", "start_date", "end_date", "location"]
    list_filter = ["tier", "start_date"]
    search_fields = ["name", "trainers__username", "trainers__first_name"]
    filter_horizontal = ["trainers"]
    readonly_fields = ["end_date", "unknown_years", "created_by", "created_at"]
    inlines = [EnrollmentInline]
    date_hierarchy = "start_date"

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        from training.services import schedule_cohort

        schedule_cohort(cohort=form.instance)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["employee", "cohort", "plan", "joined_at"]
    list_filter = ["cohort", "plan"]
    search_fields = ["employee__name", "employee__employee_no", "cohort__name"]
    list_select_related = ["employee", "cohort", "plan"]
    raw_id_fields = ["employee", "cohort"]


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


admin.site.empty_value_display = _("—")

from . import admin_roster  # noqa: E402, F401  (registrations per area)
