"""KPIs in the admin (HR): CS accounts and thresholds to edit; imports and their figures to read (an import
is made on the portal's import page, where it is checked first; deleting one deletes its figures)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from employees.admin_scope import AuthorFieldsMixin

from .models import CsAccount, KpiImport, KpiRecord, Threshold, account_key


class CsAccountForm(forms.ModelForm):
    class Meta:
        model = CsAccount
        fields = ["employee", "platform", "name"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        platform, name = data.get("platform"), data.get("name")
        if platform and name:
            taken = (
                CsAccount.objects.filter(platform=platform, name_key=account_key(name))
                .exclude(pk=self.instance.pk)
                .select_related("employee")
                .first()
            )
            if taken is not None:
                self.add_error(
                    "name",
                    _("“%(name)s” on this platform already belongs to %(employee)s.")
                    % {"name": taken.name, "employee": taken.employee},
                )
        return data


@admin.register(CsAccount)
class CsAccountAdmin(admin.ModelAdmin):
    form = CsAccountForm
    list_display = ["name", "platform", "employee", "created_at"]
    list_filter = ["platform"]
    search_fields = ["name", "employee__name", "employee__employee_no"]
    list_select_related = ["employee"]
    raw_id_fields = ["employee"]


@admin.register(Threshold)
class ThresholdAdmin(AuthorFieldsMixin, admin.ModelAdmin):
    list_display = ["position_class", "metric", "value", "updated_by", "updated_at"]
    list_filter = ["position_class", "metric"]
    list_select_related = ["updated_by"]
    fields = ["position_class", "metric", "value", "updated_by", "updated_at"]
    readonly_fields = ["updated_at"]
    set_on_save = ("updated_by",)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(KpiImport)
class KpiImportAdmin(_ReadOnly):
    list_display = ["imported_at", "file_name", "platform", "period_start", "period_end", "row_count", "imported_by"]
    list_filter = ["platform"]
    search_fields = ["file_name"]
    list_select_related = ["imported_by"]
    date_hierarchy = "imported_at"


@admin.register(KpiRecord)
class KpiRecordAdmin(_ReadOnly):
    list_display = [
        "account_name",
        "employee",
        "platform",
        "period_start",
        "period_end",
        "conversion_rate",
        "avg_response_s",
        "satisfaction",
    ]
    list_filter = ["platform"]
    search_fields = ["account_name", "employee__name", "employee__employee_no"]
    list_select_related = ["employee"]
    date_hierarchy = "period_end"
    raw_id_fields = ["employee", "account", "kpi_import"]
