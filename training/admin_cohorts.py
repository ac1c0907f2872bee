"""Admin of cohorts and enrollments: saving a cohort reschedules it. A trainer sees the cohorts they train."""

from __future__ import annotations

from django.contrib import admin

from .admin_scope import ScopedAdminMixin
from .models import Cohort, Enrollment


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    raw_id_fields = ["employee"]
    fields = ["employee", "plan", "joined_at", "state", "outcome"]
    readonly_fields = ["joined_at", "state", "outcome"]


@admin.register(Cohort)
class CohortAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path = ""
    set_on_add = ("created_by",)
    list_display = ["name", "tier", "start_date", "end_date", "location"]
    list_filter = ["tier", "start_date"]
    search_fields = ["name", "trainers__username", "trainers__first_name"]
    filter_horizontal = ["trainers"]
    readonly_fields = ["end_date", "unknown_years", "created_by", "created_at"]
    inlines = [EnrollmentInline]
    date_hierarchy = "start_date"

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        from .services import schedule_cohort, sync_enrollment_starts

        schedule_cohort(cohort=form.instance)
        sync_enrollment_starts(cohort=form.instance)


@admin.register(Enrollment)
class EnrollmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path, mentee_path = "cohort", "employee"
    list_display = ["employee", "cohort", "plan", "joined_at", "state", "outcome", "ended_on"]
    list_filter = ["state", "outcome", "cohort", "plan"]
    # The state moves only through training.services (the cohort page's "finish", the go-live decision).
    readonly_fields = ["state", "outcome", "outcome_note", "ended_on"]
    search_fields = ["employee__name", "employee__employee_no", "cohort__name"]
    list_select_related = ["employee", "cohort", "plan"]
    raw_id_fields = ["employee", "cohort"]
