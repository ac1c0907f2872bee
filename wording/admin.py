"""The banned-word list in the admin (HR and trainers): every version to read; the draft's words and
allowed phrases to fix. Published versions are read-only, and versions are made and published on the
list's own pages (where what changed is shown first)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest

from .models import AllowedPhrase, BannedWord, WordListVersion


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BannedWordInline(_ReadOnlyInline):
    model = BannedWord
    fields = ["word", "category", "severity", "replacement"]


class AllowedPhraseInline(_ReadOnlyInline):
    model = AllowedPhrase
    fields = ["phrase"]


@admin.register(WordListVersion)
class WordListVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "published_at", "published_by", "note"]
    list_select_related = ["published_by"]
    fields = ["number", "published_at", "published_by", "note"]
    readonly_fields = ["number", "published_at", "published_by", "note"]
    inlines = [BannedWordInline, AllowedPhraseInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: WordListVersion | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: WordListVersion | None = None) -> bool:
        return False


class _DraftOnly(admin.ModelAdmin):
    """Rows of a published version are read-only; new rows go into the draft."""

    list_select_related = ["version"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.version.is_draft)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or obj.version.is_draft)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "version":
            kwargs["queryset"] = WordListVersion.objects.drafts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(BannedWord)
class BannedWordAdmin(_DraftOnly):
    list_display = ["word", "category", "severity", "replacement", "version"]
    list_filter = ["category", "severity", "version"]
    search_fields = ["word", "replacement"]
    fields = ["version", "word", "category", "severity", "replacement"]


@admin.register(AllowedPhrase)
class AllowedPhraseAdmin(_DraftOnly):
    list_display = ["phrase", "version"]
    list_filter = ["version"]
    search_fields = ["phrase"]
    fields = ["version", "phrase"]
