"""Admin registrations for the roster import: the imports (read-only, with their problems) and preferences."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from employees.admin_scope import sees_everything

from .models import RosterImport


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = [
        "uploaded_at",
        "cohort",
        "original_name",
        "status",
        "total_rows",
        "processed_rows",
        "created_count",
        "problem_count",
        "uploaded_by",
    ]
    list_filter = ["status", "uploaded_at"]
    search_fields = ["original_name", "cohort__name", "uploaded_by__username"]
    list_select_related = ["cohort", "uploaded_by"]
    date_hierarchy = "uploaded_at"
    # A tuple: one value typed as both `fields` and `readonly_fields` (a list can only be typed as one).
    fields = (
        "cohort",
        "original_name",
        "uploaded_by",
        "uploaded_at",
        "status",
        "total_rows",
        "processed_rows",
        "created_count",
        "finished_at",
        "problem_table",
    )
    readonly_fields = fields

    @admin.display(description=_("problems"))
    def problem_count(self, obj: RosterImport) -> int:
        return len(obj.problems or [])

    @admin.display(description=_("problems"))
    def problem_table(self, obj: RosterImport) -> str:
        if not obj.problems:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((p.get("row") or "—", p.get("column") or "—", p.get("message", "")) for p in obj.problems),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Row"),
            _("Column"),
            _("Problem"),
            rows,
        )

    # Imports are HR's (the roster pages are too): nobody else reads them here, whatever their permissions.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_everything(request.user) and super().has_view_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_everything(request.user) and super().has_delete_permission(request, obj)

    # Imports are made on the cohort's roster page; here they are only looked at (and deleted).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: RosterImport) -> None:
        obj.file.delete(save=False)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            obj.file.delete(save=False)
        super().delete_queryset(request, queryset)
