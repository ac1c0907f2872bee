"""Feed tokens in the admin, for the superuser only (no role is granted them): who subscribed and when a
calendar app last fetched, never the secret itself. Deleting a row kills the address; the owner's page makes a
new one."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import FeedToken


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "rotated_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name"]
    fields = ["user", "created_at", "rotated_at", "last_used_at"]
    readonly_fields = ["user", "created_at", "rotated_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: FeedToken | None = None) -> bool:
        return False
