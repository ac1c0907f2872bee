"""Admin registrations for notifications (the bell) and the log of reminders sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from employees.admin_scope import OwnRowsAdminMixin

from .models import Notification, ReminderLog
from .services import Kind, kind_label

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, StrOrPromise]]:
        return list(Kind.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(kind=self.value()) if self.value() else queryset


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, StrOrPromise]]:
        return [("no", _("Unread")), ("yes", _("Read"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "no":
            return queryset.filter(read_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(read_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(OwnRowsAdminMixin, admin.ModelAdmin):
    """Each login's own notifications only (a superuser's: all)."""

    list_display = ["title", "user", "kind_name", "created_at", "read_at", "emailed_at"]
    list_filter = [KindFilter, ReadFilter]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "title"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "read_at", "emailed_at"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, obj: Notification) -> str:
        return kind_label(obj.kind) or obj.kind


@admin.register(ReminderLog)
class ReminderLogAdmin(OwnRowsAdminMixin, admin.ModelAdmin):
    """Read-only: rows are written by the reminder tasks, and their unique constraint is what
    keeps a reminder from being sent twice. Each login sees its own (a superuser: all)."""

    list_display = ["user", "kind_name", "day", "subject", "created_at"]
    list_filter = [KindFilter, "day"]
    search_fields = ["user__username", "user__first_name", "subject"]
    list_select_related = ["user"]
    date_hierarchy = "day"

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, obj: ReminderLog) -> str:
        return kind_label(obj.kind) or obj.kind

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ReminderLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ReminderLog | None = None) -> bool:
        return False
