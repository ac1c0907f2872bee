"""Admin for the Excel reports: a read-only list of what was asked for, by whom, when, and how the
build went. Reports are asked for on the portal's pages, never here; deleting one also deletes
its file."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Report, ReportStatus
from .permissions import admin_reports_for


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "requested_by", "requested_at", "status", "progress", "finished_at"]
    list_filter = ["kind", "status", "requested_at"]
    search_fields = ["title", "requested_by__username", "requested_by__first_name", "error"]
    list_select_related = ["requested_by"]
    date_hierarchy = "requested_at"
    ordering = ["-requested_at"]
    # A tuple: one value typed as both `fields` and `readonly_fields` (a list can only be typed as one).
    fields = (
        "title",
        "kind",
        "params",
        "requested_by",
        "requested_at",
        "status",
        "progress",
        "finished_at",
        "error",
        "download",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        """HR and superusers see every report; anyone else with admin access (a trainer given the
        view permission) only the reports they asked for, as on the portal's pages."""
        assert request.user.is_authenticated  # the admin site lets only logged-in staff in
        return admin_reports_for(request.user, super().get_queryset(request))

    @admin.display(description=_("file"))
    def download(self, obj: Report) -> str:
        if obj.status != ReportStatus.DONE or not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("report_download", args=[obj.pk]), _("Download"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Report) -> None:
        name = obj.file.name
        storage = obj.file.storage
        super().delete_model(request, obj)
        if name:
            storage.delete(name)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        names = [name for name in queryset.values_list("file", flat=True) if name]
        storage = Report._meta.get_field("file").storage
        super().delete_queryset(request, queryset)
        for name in names:
            storage.delete(name)
