"""Scenarios and their turns are written in the admin (HR and trainers); practice runs are read there by HR
(they are made on the practice page and scored on the scoring page)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Reply, Scenario, Session, Turn


class TurnInline(admin.StackedInline):
    model = Turn
    extra = 0
    fields = ["order", "buyer_text", "key_points", "forbidden_words", "target_seconds", "reference_answer"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "position_class", "stage", "topic", "difficulty", "active"]
    list_filter = ["position_class", "stage", "topic", "difficulty", "active"]
    search_fields = ["code", "title"]
    filter_horizontal = ["plan_items"]
    inlines = [TurnInline]


class ReplyInline(admin.TabularInline):
    model = Reply
    extra = 0
    fields = ["turn", "text", "shown_at", "answered_at", "seconds", "score", "failed"]
    readonly_fields = ["turn", "text", "shown_at", "answered_at", "seconds", "score", "failed"]

    def has_add_permission(self, request: HttpRequest, obj: Session | None = None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["employee", "scenario", "counts", "started_at", "finished_at", "auto_score", "trainer_score"]
    list_filter = ["counts", "scenario__position_class"]
    search_fields = ["employee__name", "employee__employee_no", "scenario__code"]
    list_select_related = ["employee", "scenario"]
    raw_id_fields = ["employee", "enrollment", "scored_by"]
    readonly_fields = ["started_at"]
    inlines = [ReplyInline]
