"""Knowledge updates in the admin: to look things up, scoped as in the portal (HR every update, a
trainer the ones they published). Publishing, new versions and confirmations go through the portal's
pages, which keep every version; here rows are read, and only a superuser deletes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Receipt, Update, Version
from .permissions import managed_updates


class UpdateScopeMixin(admin.ModelAdmin):
    """Rows of the updates the user manages (``update_path`` leads to the Update); read only."""

    update_path = "update"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        lookup = f"{self.update_path}__in" if self.update_path else "pk__in"
        return queryset.filter(**{lookup: managed_updates(request.user).values("pk")})

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


class VersionInline(admin.TabularInline):
    model = Version
    fields = ("number", "title", "deadline", "quiz", "published_at", "published_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Update)
class UpdateAdmin(UpdateScopeMixin):
    update_path = ""
    list_display = ("__str__", "category", "requires_refresher", "created_by", "created_at")
    list_filter = ("category", "requires_refresher", "created_at")
    list_select_related = ("current", "created_by")
    search_fields = ("versions__title",)
    date_hierarchy = "created_at"
    inlines = [VersionInline]


@admin.register(Version)
class VersionAdmin(UpdateScopeMixin):
    list_display = ("title", "number", "deadline", "quiz", "published_at", "published_by")
    list_select_related = ("quiz", "published_by")
    list_filter = ("published_at",)
    search_fields = ("title",)


@admin.register(Receipt)
class ReceiptAdmin(UpdateScopeMixin):
    update_path = "version__update"
    list_display = ("employee", "version", "read_at", "confirmed_at")
    list_select_related = ("employee", "version")
    list_filter = (("confirmed_at", admin.EmptyFieldListFilter),)
    search_fields = ("employee__name", "employee__employee_no", "version__title")
    raw_id_fields = ("employee", "version")
