"""The promotion track in the admin (HR): candidates with their decisions, to read and correct. The 360
answers are not in the admin at all: they are only ever shown averaged over a group of three or more."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Candidate, Decision, Goal, Practical


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = ["verdict", "reason", "promoted_to", "extended_to", "decided_by", "decided_at"]
    readonly_fields = ["verdict", "reason", "promoted_to", "extended_to", "decided_by", "decided_at"]

    def has_add_permission(self, request: HttpRequest, obj: Candidate | None = None) -> bool:
        return False


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["title", "due_date", "progress", "done"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["employee", "status", "verdict", "promoted_to", "nominated_by", "nominated_at"]
    list_filter = ["status", "verdict"]
    list_select_related = ["employee", "nominated_by"]
    search_fields = ["employee__employee_no", "employee__name"]
    raw_id_fields = ["employee", "enrollment", "nominated_by"]
    readonly_fields = ["nominated_at", "eligible_when_nominated", "verdict", "promoted_to"]
    inlines = [GoalInline, DecisionInline]


@admin.register(Practical)
class PracticalAdmin(admin.ModelAdmin):
    list_display = ["candidate", "kind", "submitted_at", "score", "scored_by"]
    list_filter = ["kind"]
    list_select_related = ["candidate__employee", "scored_by"]
    raw_id_fields = ["candidate", "mentee", "scored_by"]
    search_fields = ["candidate__employee__employee_no", "candidate__employee__name"]
