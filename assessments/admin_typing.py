"""Admin for 打字测试: passages with their pass thresholds, and the results (read-only: a result
is what the server measured, so nobody edits it by hand)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from training.admin_scope import ScopedAdminMixin

from .models import TypingPassage, TypingResult


@admin.register(TypingPassage)
class TypingPassageAdmin(admin.ModelAdmin):
    list_display = ["title", "characters", "duration_seconds", "min_cpm", "min_accuracy", "is_active"]
    list_editable = ["duration_seconds", "min_cpm", "min_accuracy", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "text"]
    fields = ["title", "text", "duration_seconds", "min_cpm", "min_accuracy", "is_active"]

    @admin.display(description=_("characters"))
    def characters(self, obj: TypingPassage) -> int:
        return len(obj.text)


@admin.register(TypingResult)
class TypingResultAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path, mentee_path = "employee__enrollments__cohort", "employee"
    list_display = ["finished_at", "employee", "passage", "cpm", "accuracy", "characters", "passed", "flagged"]
    list_filter = ["passed", "flagged", "passage", "finished_at"]
    search_fields = ["employee__name", "employee__employee_no", "passage__title"]
    list_select_related = ["employee", "passage"]
    date_hierarchy = "finished_at"
    fields = [
        "employee",
        "passage",
        "started_at",
        "finished_at",
        "characters",
        "correct_characters",
        "cpm",
        "accuracy",
        "passed",
        "flagged",
        "typed_text",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TypingResult | None = None) -> bool:
        return False
