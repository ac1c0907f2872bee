"""Score sheets in the admin (HR): sheets with their categories, categories with their items (Django has no
nested inlines). A sheet that a check was scored against is frozen: its fields, categories and items are
read-only (only "in use" can still be switched off), and "Make a new version" copies it into an editable
version that replaces it for new checks. Checks are scored on the portal; here HR can read (and delete) them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from employees.models import PositionClass

from .models import Category, CheckHit, Item, QualityCheck, ScoreSheet
from .sheets import SheetError, new_version


def _used(sheet: ScoreSheet | None) -> bool:
    if sheet is None or sheet.pk is None:
        return False
    cached = getattr(sheet, "used", None)
    return bool(cached) if cached is not None else sheet.is_used()


class CategoryForm(forms.ModelForm):
    position_classes = forms.MultipleChoiceField(
        label=_("position classes"),
        choices=PositionClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every position class."),
    )

    class Meta:
        model = Category
        fields = ["order", "name", "max_points", "position_classes"]


class FrozenInlineMixin:
    """Inlines of a used sheet are read-only."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]

    def _frozen(self, obj: Any) -> bool:
        if isinstance(obj, Category):
            return _used(obj.sheet)
        return _used(obj)


class CategoryInline(FrozenInlineMixin, admin.TabularInline):
    model = Category
    form = CategoryForm
    extra = 0
    fields = ["order", "name", "max_points", "position_classes"]
    show_change_link = True  # the category's page edits its items


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "total_points", "pass_mark", "is_active", "checks_count"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    inlines = [CategoryInline]
    actions = ["make_new_version"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ScoreSheet]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                checks_total=Count("checks", distinct=True),
                used=Exists(QualityCheck.objects.filter(sheet=OuterRef("pk"))),
            )
        )

    @admin.display(description=_("checks"), ordering="checks_total")
    def checks_count(self, obj: ScoreSheet) -> int:
        return obj.checks_total  # type: ignore[attr-defined]

    def get_readonly_fields(self, request: HttpRequest, obj: ScoreSheet | None = None) -> list[str]:
        if _used(obj):
            return ["code", "version", "name", "description", "total_points", "pass_mark"]
        return ["version"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: ScoreSheet | None = None) -> bool:
        return not _used(obj) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Make a new version (the copy replaces it for new checks)"), permissions=["add"])
    def make_new_version(self, request: HttpRequest, queryset: QuerySet[ScoreSheet]) -> None:
        made = 0
        for sheet in queryset:
            try:
                with transaction.atomic():
                    new_version(sheet=sheet)
            except SheetError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                made += 1
        if made:
            self.message_user(
                request,
                ngettext("%(count)s new version made.", "%(count)s new versions made.", made) % {"count": made},
                messages.SUCCESS,
            )


class ItemInline(FrozenInlineMixin, admin.TabularInline):
    model = Item
    extra = 0
    fields = ["order", "code", "title", "points", "is_red_line", "refresher_topic", "rule"]
    formfield_overrides = {
        Item._meta.get_field("rule").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["name", "sheet", "max_points", "order", "items_count"]
    list_filter = ["sheet"]
    search_fields = ["name", "sheet__name"]
    list_select_related = ["sheet"]
    ordering = ["sheet__code", "-sheet__version", "order", "id"]
    inlines = [ItemInline]
    fields = ["sheet", "order", "name", "max_points", "position_classes"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return super().get_queryset(request).annotate(items_total=Count("items"))

    @admin.display(description=_("items"), ordering="items_total")
    def items_count(self, obj: Category) -> int:
        return obj.items_total  # type: ignore[attr-defined]

    def get_readonly_fields(self, request: HttpRequest, obj: Category | None = None) -> list[str]:
        if obj is not None and _used(obj.sheet):
            return ["sheet", "order", "name", "max_points", "position_classes"]
        return ["sheet"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "sheet":  # a category is added to a sheet nobody has scored against yet
            kwargs["queryset"] = ScoreSheet.objects.exclude(Exists(QualityCheck.objects.filter(sheet=OuterRef("pk"))))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        return not (obj is not None and _used(obj.sheet)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        return not (obj is not None and _used(obj.sheet)) and super().has_delete_permission(request, obj)


class CheckHitInline(admin.TabularInline):
    model = CheckHit
    extra = 0
    fields = readonly_fields = ("item", "points", "red_line", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(QualityCheck)
class QualityCheckAdmin(admin.ModelAdmin):
    """Read-only: a check is scored and changed on the portal, where the total is computed and refreshers are
    asked for."""

    list_display = ["chat_date", "employee", "platform", "total", "passed", "red_line", "checker"]
    list_filter = ["red_line", "passed", "platform", "sheet", "chat_date"]
    search_fields = ["employee__name", "employee__employee_no", "session_ref"]
    list_select_related = ["employee", "checker", "sheet"]
    date_hierarchy = "chat_date"
    raw_id_fields = ["employee"]
    inlines = [CheckHitInline]
    fields = readonly_fields = (
        "employee",
        "sheet",
        "chat_date",
        "platform",
        "session_ref",
        "excerpt",
        "items_hit",
        "total",
        "passed",
        "red_line",
        "comment",
        "checker",
        "checked_at",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: QualityCheck | None = None) -> bool:
        return False
