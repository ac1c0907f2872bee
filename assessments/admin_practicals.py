"""Practical assessments in the admin: rubrics with their criteria, criteria with their levels
(Django has no nested inlines, so levels are edited on the criterion's own page), and the
assessments with their criterion scores. Saving an assessment here recomputes percent and pass /
fail from its scores; the assessor of one added here is the person adding it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from training.admin_scope import ScopedAdminMixin

from .models import Criterion, CriterionScore, Level, PracticalAssessment, Rubric
from .practicals import recompute_practical

# ---------------------------------------------------------------------------- rubrics


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "title", "weight", "description"]
    show_change_link = True  # the criterion's page edits its levels
    formfield_overrides = {
        # Narrow text boxes: the inline is a table.
        Criterion._meta.get_field("description").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "pass_mark", "item", "criteria_count", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "code", "description"]
    list_select_related = ["item"]
    raw_id_fields = ["item"]
    inlines = [CriterionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Rubric]:
        return super().get_queryset(request).annotate(criteria_total=Count("criteria"))

    @admin.display(description=_("criteria"), ordering="criteria_total")
    def criteria_count(self, obj: Rubric) -> int:
        return obj.criteria_total  # type: ignore[attr-defined]


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    fields = ["order", "label", "points", "descriptor"]
    formfield_overrides = {
        Level._meta.get_field("descriptor").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "rubric", "weight", "order", "levels_summary"]
    list_filter = ["rubric"]
    search_fields = ["title", "description", "rubric__title"]
    list_select_related = ["rubric"]
    ordering = ["rubric__title", "order", "id"]
    inlines = [LevelInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Criterion]:
        return super().get_queryset(request).prefetch_related("levels")

    @admin.display(description=_("levels"))
    def levels_summary(self, obj: Criterion) -> str:
        return " / ".join(str(level) for level in obj.levels.all())


# ---------------------------------------------------------------------------- assessments


def _level_label(level: Level) -> str:
    return f"{level.criterion.title} · {level}"


class CriterionScoreFormSet(BaseInlineFormSet):
    """Offers only the rubric's criteria and levels once the rubric is known, and refuses a set of
    scores that does not give every criterion of the rubric exactly one level."""

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        rubric_id = getattr(self.instance, "rubric_id", None)
        criteria = Criterion.objects.select_related("rubric").order_by("rubric__title", "order", "id")
        levels = Level.objects.select_related("criterion").order_by("criterion__order", "criterion_id", "order")
        if rubric_id:
            criteria = criteria.filter(rubric_id=rubric_id)
            levels = levels.filter(criterion__rubric_id=rubric_id)
        criterion_field, level_field = form.fields["criterion"], form.fields["level"]
        # The model's foreign keys make both of them ModelChoiceFields.
        assert isinstance(criterion_field, forms.ModelChoiceField) and isinstance(level_field, forms.ModelChoiceField)
        criterion_field.queryset = criteria
        level_field.queryset = levels
        criterion_label: Callable[[Criterion], str] = (
            (lambda c: c.title) if rubric_id else (lambda c: f"{c.rubric.title} · {c.title}")
        )
        # Labels set on this form's field instances: the options call field.label_from_instance(obj).
        criterion_field.label_from_instance = criterion_label  # type: ignore[method-assign, assignment]  # per form
        level_field.label_from_instance = _level_label  # type: ignore[method-assign, assignment]  # per form

    def clean(self) -> None:
        super().clean()
        rubric_id = getattr(self.instance, "rubric_id", None)
        if any(self.errors) or not rubric_id:
            return
        scored: list[int] = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]  # Django's, not stubbed
                continue
            criterion = form.cleaned_data.get("criterion")
            if criterion is None:
                continue
            if criterion.rubric_id != rubric_id:
                raise ValidationError(_("“%(criterion)s” belongs to another rubric.") % {"criterion": criterion.title})
            scored.append(criterion.pk)
        if len(scored) != len(set(scored)):
            raise ValidationError(_("Score each criterion once."))
        wanted = dict(Criterion.objects.filter(rubric_id=rubric_id).values_list("pk", "title"))
        missing = [title for pk, title in wanted.items() if pk not in scored]
        if missing:
            raise ValidationError(
                _("Give a level for every criterion. Missing: %(criteria)s.") % {"criteria": "、".join(missing)}
            )


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    formset = CriterionScoreFormSet
    fields = ["criterion", "level", "comment"]
    formfield_overrides = {
        CriterionScore._meta.get_field("comment").__class__: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 40})}
    }

    def get_extra(self, request: HttpRequest, obj: PracticalAssessment | None = None, **kwargs: Any) -> int:
        # A new assessment needs a row per criterion; the rubrics have four or five.
        return 0 if obj else 5


@admin.register(PracticalAssessment)
class PracticalAssessmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path, mentee_path = "employee__enrollments__cohort", "employee"
    set_on_add = ("assessor",)
    list_display = ["employee", "rubric", "percent", "passed", "assessor", "assessed_at"]
    list_filter = ["rubric", "passed", "assessed_at"]
    search_fields = [
        "employee__name",
        "employee__employee_no",
        "rubric__title",
        "assessor__username",
        "assessor__first_name",
    ]
    list_select_related = ["employee", "rubric", "assessor"]
    date_hierarchy = "assessed_at"
    autocomplete_fields = ["employee"]
    fields = ["rubric", "employee", "assessor", "assessed_at", "percent", "passed", "comment"]
    inlines = [CriterionScoreInline]

    def get_readonly_fields(self, request: HttpRequest, obj: PracticalAssessment | None = None) -> list[str]:
        readonly = [*super().get_readonly_fields(request, obj), "assessed_at", "percent", "passed"]
        # Who was scored against what is fixed once recorded; the scores and comments can be corrected.
        return readonly + ["rubric", "employee"] if obj else readonly

    def save_related(self, request: HttpRequest, form: forms.Form, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        recompute_practical(form.instance)  # type: ignore[attr-defined]
