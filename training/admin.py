from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from employees.models import PositionClass

from .admin_scope import ScopedAdminMixin
from .models import (
    Attachment,
    CalendarDay,
    Extension,
    ItemRecord,
    Phase,
    PlanItem,
    PlanTemplate,
    ScheduledDay,
    ShadowingLog,
)
from .services import reschedule_for_calendar_change


class PositionClassesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", PositionClass.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Position classes"))
        kwargs.setdefault("help_text", _("None ticked: all position classes."))
        super().__init__(**kwargs)


class PlanTemplateForm(forms.ModelForm):
    position_classes = PositionClassesField()

    class Meta:
        model = PlanTemplate
        fields = "__all__"


class PlanItemForm(forms.ModelForm):
    position_classes = PositionClassesField()

    class Meta:
        model = PlanItem
        fields = "__all__"
        widgets = {
            "content": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "materials": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class PlanItemInline(admin.StackedInline):
    model = PlanItem
    form = PlanItemForm
    extra = 0
    show_change_link = True
    fields = [
        ("day_number", "order", "start_time", "end_time"),
        "topic",
        "content",
        ("course_form", "programme", "method", "leader"),
        "location",
        "position_classes",
        "materials",
    ]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    form = PlanTemplateForm
    list_display = ["name", "code", "tier", "is_active"]
    list_filter = ["tier", "is_active"]
    search_fields = ["name", "code"]
    inlines = [PhaseInline, PlanItemInline]
    save_on_top = True


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    form = PlanItemForm
    list_display = ["topic", "template", "day_number", "start_time", "method", "leader", "course_form"]
    list_filter = ["template", "method", "leader", "course_form", "programme"]
    search_fields = ["topic", "content"]
    list_select_related = ["template"]
    inlines = [AttachmentInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Editing the table reschedules every cohort whose plan could touch the changed dates."""

    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change) -> None:
        dates = [obj.date]
        if change and "date" in form.changed_data:
            dates.append(form.initial["date"])
        super().save_model(request, obj, form, change)
        self._reschedule(request, dates)

    def delete_model(self, request, obj) -> None:
        day = obj.date
        super().delete_model(request, obj)
        self._reschedule(request, [day])

    def delete_queryset(self, request, queryset) -> None:
        dates = list(queryset.values_list("date", flat=True))
        super().delete_queryset(request, queryset)
        self._reschedule(request, dates)

    def _reschedule(self, request, dates) -> None:
        cohorts = reschedule_for_calendar_change(dates=dates)
        if cohorts:
            messages.info(
                request,
                ngettext("%(count)d cohort was rescheduled.", "%(count)d cohorts were rescheduled.", len(cohorts))
                % {"count": len(cohorts)},
            )


@admin.register(ScheduledDay)
class ScheduledDayAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path, mentee_path = "enrollment__cohort", "enrollment__employee"
    list_display = ["enrollment", "day_number", "date"]
    list_filter = ["date", "enrollment__cohort"]
    search_fields = ["enrollment__employee__name", "enrollment__employee__employee_no"]
    list_select_related = ["enrollment__employee", "enrollment__cohort"]
    date_hierarchy = "date"

    def has_add_permission(self, request) -> bool:  # written by scheduling only
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Extension)
class ExtensionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path, mentee_path = "enrollment__cohort", "enrollment__employee"
    list_display = ["enrollment", "from_day", "days", "reason", "created_by", "created_at"]
    search_fields = ["enrollment__employee__name", "reason"]
    list_select_related = ["enrollment__employee", "enrollment__cohort", "created_by"]
    readonly_fields = ["enrollment", "from_day", "days", "created_by", "created_at"]

    def has_add_permission(self, request) -> bool:  # added from the cohort page, which reschedules
        return False


@admin.register(ItemRecord)
class ItemRecordAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path, mentee_path = "enrollment__cohort", "enrollment__employee"
    set_on_save = ("recorded_by",)
    list_display = ["enrollment", "item", "attendance", "completed", "recorded_by", "recorded_at"]
    list_filter = ["attendance", "completed", "enrollment__cohort"]
    search_fields = ["enrollment__employee__name", "item__topic"]
    list_select_related = ["enrollment__employee", "enrollment__cohort", "item", "recorded_by"]
    raw_id_fields = ["enrollment", "item"]


@admin.register(ShadowingLog)
class ShadowingLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Logs are written on the roll call by the trainee's own mentor; here they are corrected, and
    who wrote one stays as it was."""

    cohort_path, mentee_path = "enrollment__cohort", "enrollment__employee"
    list_display = ["enrollment", "day_number", "mentor", "chats_observed", "score", "updated_at"]
    list_filter = ["score", "enrollment__cohort"]
    search_fields = ["enrollment__employee__name", "mentor__name", "notes"]
    list_select_related = ["enrollment__employee", "enrollment__cohort", "mentor"]
    raw_id_fields = ["enrollment"]
    readonly_fields = ["mentor"]

    def has_add_permission(self, request) -> bool:
        return False


from . import admin_cohorts, admin_employees, admin_roster  # noqa: E402, F401  (registrations per area)
