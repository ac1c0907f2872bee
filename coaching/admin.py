"""The coaching records in the admin, scoped like the portal (``ScopedAdminMixin``): HR sees every row, a
trainer the rows of the people in the cohorts they train, a mentor with admin access their mentees'. Rows are
made on the portal's pages, through the services (goals with their plan, evidence files, HR's decision); here
they are read and corrected, and who wrote, proposed or decided stays as it was."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from training.admin_scope import ScopedAdminMixin

from .models import CheckIn, CoachingPlan, Goal, RewardPenalty, TrialPostLog


class _NoAddMixin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TrialPostLog)
class TrialPostLogAdmin(ScopedAdminMixin, _NoAddMixin):
    cohort_path, mentee_path = "enrollment__cohort", "enrollment__employee"
    list_display = ["enrollment", "day_number", "mentor", "chats_handled", "score", "updated_at"]
    list_filter = ["score", "enrollment__cohort"]
    search_fields = ["enrollment__employee__name", "enrollment__employee__employee_no", "problems", "note"]
    list_select_related = ["enrollment__employee", "enrollment__cohort", "mentor"]
    raw_id_fields = ["enrollment"]
    readonly_fields = ["enrollment", "day_number", "mentor"]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    readonly_fields = ["by"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CoachingPlan)
class CoachingPlanAdmin(ScopedAdminMixin, _NoAddMixin):
    cohort_path, mentee_path = "employee__enrollments__cohort", "employee"
    list_display = ["employee", "origin", "owner", "status", "next_check_in", "created_at"]
    list_filter = ["status", "origin"]
    search_fields = ["employee__name", "employee__employee_no", "reason"]
    list_select_related = ["employee", "owner"]
    raw_id_fields = ["employee", "owner"]
    readonly_fields = ["employee", "created_by", "quality_check_id"]
    inlines = [GoalInline, CheckInInline]


@admin.register(RewardPenalty)
class RewardPenaltyAdmin(ScopedAdminMixin, _NoAddMixin):
    cohort_path, mentee_path = "employee__enrollments__cohort", "employee"
    list_display = ["employee", "kind", "points", "amount", "status", "proposed_by", "decided_by", "proposed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["employee__name", "employee__employee_no", "reason", "evidence_text"]
    list_select_related = ["employee", "proposed_by", "decided_by"]
    # HR decides on the proposal's page (once, with a reason for a rejection), never by editing the row here.
    readonly_fields = [
        "employee",
        "proposed_by",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "evidence_file",
    ]
