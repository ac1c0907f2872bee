"""Quick replies in the admin (HR): groups and phrases of both libraries. Trainers curate on the portal's
pages, where a team phrase is checked for banned words before it is approved."""

from __future__ import annotations

from django.contrib import admin

from .models import Phrase, PhraseGroup


@admin.register(PhraseGroup)
class PhraseGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "scope", "owner", "order"]
    list_filter = ["scope"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]


@admin.register(Phrase)
class PhraseAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "group", "status", "position_classes", "tags", "updated_at"]
    list_filter = ["status", "group__scope"]
    search_fields = ["code", "text", "tags", "group__name"]
    list_select_related = ["group"]
    raw_id_fields = ["group", "proposed_by", "approved_by"]
    readonly_fields = ["approved_by", "approved_at", "created_at", "updated_at"]
