"""HR's admin of career-long training: competencies (what certifies, for how long), certifications (a
read-only history; HR may add one with a reason) and refresher needs (read-only; HR may add a manual one).
Nobody but HR (and superusers) reads them here, whatever their permissions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import validate_in_range
from employees.admin_scope import sees_everything
from training.admin import PositionClassesField

from .models import Certification, Competency, NeedSource, RefresherNeed
from .services import CareerError, add_months, assign_refresher, record_certification


class HROnlyAdmin(admin.ModelAdmin):
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_everything(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return sees_everything(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_everything(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return sees_everything(request.user) and super().has_delete_permission(request, obj)


class CompetencyForm(forms.ModelForm):
    position_classes = PositionClassesField(help_text=_("Who needs it. None ticked: all position classes."))

    class Meta:
        model = Competency
        fields = "__all__"


@admin.register(Competency)
class CompetencyAdmin(HROnlyAdmin):
    form = CompetencyForm
    list_display = ["name", "code", "validity_months", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["exams", "plans"]
    prepopulated_fields = {"code": ["name"]}

    # Certifications point to their competency: switch one off instead.
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CertificationForm(forms.ModelForm):
    """HR's own record of a certification: the reason is required, the end date defaults to the validity."""

    reason = forms.CharField(label=_("reason"), max_length=300, widget=forms.TextInput(attrs={"size": 60}))
    certified_on = forms.DateField(label=_("certified on"), initial=timezone.localdate, validators=[validate_in_range])
    valid_until = forms.DateField(
        label=_("valid until"),
        required=False,
        validators=[validate_in_range],
        help_text=_("Leave empty for the competency's validity."),
    )

    class Meta:
        model = Certification
        fields = ["employee", "competency", "certified_on", "valid_until", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, competency = data.get("certified_on"), data.get("valid_until"), data.get("competency")
        if start and competency and not end:
            data["valid_until"] = end = add_months(start, competency.validity_months)
        if start and end and end < start:
            self.add_error("valid_until", _("“Valid until” cannot be before the date certified."))
        return data


@admin.register(Certification)
class CertificationAdmin(HROnlyAdmin):
    list_display = ["employee", "competency", "certified_on", "valid_until", "source", "created_by"]
    list_filter = ["competency", "source", "valid_until"]
    search_fields = ["employee__name", "employee__employee_no", "competency__name"]
    list_select_related = ["employee", "competency", "created_by"]
    date_hierarchy = "valid_until"
    raw_id_fields = ["employee"]
    readonly_fields = ["source", "attempt", "enrollment", "created_by", "created_at"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = CertificationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["employee", "competency", "certified_on", "valid_until", "reason"]
        return [
            "employee",
            "competency",
            "certified_on",
            "valid_until",
            "source",
            "attempt",
            "enrollment",
            "reason",
            "created_by",
            "created_at",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return self.get_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: Certification, form: Any, change: bool) -> None:
        if change:  # the history is read-only; nothing to save
            return
        try:
            saved = record_certification(
                employee=obj.employee,
                competency=obj.competency,
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]  # the admin needs a login
                certified_on=obj.certified_on,
                valid_until=obj.valid_until,
            )
        except CareerError as exc:  # the form checked the same rules
            raise ValueError(str(exc)) from exc
        obj.pk = saved.pk
        obj.source, obj.created_by, obj.created_at = saved.source, saved.created_by, saved.created_at

    # Certifications are kept, never changed or deleted: a renewal is a new one.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ManualNeedForm(forms.ModelForm):
    class Meta:
        model = RefresherNeed
        fields = ["employee", "reason"]


@admin.register(RefresherNeed)
class RefresherNeedAdmin(HROnlyAdmin):
    list_display = ["employee", "source", "reason", "created_at", "created_by", "enrollment"]
    list_filter = ["source", ("enrollment", admin.EmptyFieldListFilter)]
    search_fields = ["employee__name", "employee__employee_no", "reason"]
    list_select_related = ["employee", "created_by", "enrollment__cohort"]
    raw_id_fields = ["employee"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ManualNeedForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["employee", "reason"]
        return ["employee", "source", "source_key", "reason", "created_at", "created_by", "enrollment"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: RefresherNeed, form: Any, change: bool) -> None:
        if change:
            return
        need, _created = assign_refresher(
            employee=obj.employee,
            source=NeedSource.MANUAL,
            reason=obj.reason,
            # One manual need per employee and minute: a double click adds one.
            source_key=f"manual:{timezone.now():%Y%m%d%H%M}",
            by=request.user,  # type: ignore[arg-type]
        )
        obj.pk, obj.source, obj.created_at, obj.created_by = need.pk, need.source, need.created_at, need.created_by

    # Needs are answered by a refresher enrollment (the refresher pages link them), not edited.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
