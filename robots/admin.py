"""Robots in the admin (HR): read what was sent; robots are added and edited on the portal's pages, where the
webhook and the secret are checked. The admin never shows either (only the masked webhook)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Robot, RobotDelivery


@admin.register(Robot)
class RobotAdmin(admin.ModelAdmin):
    list_display = ["name", "platform", "cohort", "team", "active", "last_ok_at", "last_error"]
    list_filter = ["platform", "active"]
    list_select_related = ["cohort"]
    search_fields = ["name", "team", "cohort__name"]
    fields = ["name", "platform", "cohort", "team", "masked", "events", "active", "last_ok_at", "last_error"]
    readonly_fields = ["name", "platform", "cohort", "team", "masked", "events", "last_ok_at", "last_error"]

    @admin.display(description=_("webhook"))
    def masked(self, obj: Robot) -> str:
        return obj.masked_webhook

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(RobotDelivery)
class RobotDeliveryAdmin(admin.ModelAdmin):
    list_display = ["title", "robot", "kind", "day", "status", "attempts", "errmsg", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["robot"]
    date_hierarchy = "day"
    exclude = ["parts"]

    def get_readonly_fields(self, request: HttpRequest, obj: RobotDelivery | None = None) -> list[str]:
        return [f.name for f in RobotDelivery._meta.fields if f.name != "parts"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RobotDelivery | None = None) -> bool:
        return False
