"""The pre-onboarding step in the admin: which plans require it and from when, and the checklist. Each hire's
progress is written by the portal's pages (and HR's "open day 1" there, with a reason), not edited here."""

from __future__ import annotations

from django.contrib import admin

from .models import ChecklistItem, GatedPlan


@admin.register(GatedPlan)
class GatedPlanAdmin(admin.ModelAdmin):
    list_display = ["plan", "required_from", "is_active"]
    list_editable = ["required_from", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["plan"]
    fields = ["plan", "required_from", "is_active"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["label", "hint", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["label", "hint"]
    fields = ["label", "hint", "order", "is_active"]
