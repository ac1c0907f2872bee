"""The question bank in the admin: categories, and questions with their options inline.

The Question changelist links to the Excel import (templates/admin/assessments/question/change_list.html)
for HR and trainers. The inline's formset keeps the bank's rules on options (``check_choices``): the
same rules the import and the seeded bank follow.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Category, Choice, Question
from .permissions import may_import_questions
from .question_import import check_choices


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "question_count"]
    list_editable = ["order"]
    search_fields = ["name", "code", "description"]
    ordering = ["order", "name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return super().get_queryset(request).annotate(_question_count=Count("questions"))

    @admin.display(description=_("questions"), ordering="_question_count")
    def question_count(self, obj: Category) -> int:
        return obj._question_count  # type: ignore[attr-defined]


class ChoiceFormSet(BaseInlineFormSet):
    """Refuse options that break the bank's rules for the question's type (as submitted in the same form)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.type:  # the question's own form reports a missing type
            return
        choices = [
            (form.cleaned_data["text"], bool(form.cleaned_data.get("is_correct")))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text")
        ]
        problems = check_choices(self.instance.type, choices)
        if problems:
            raise ValidationError([message for _field, message in problems])


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["order", "text", "is_correct"]
    extra = 0
    ordering = ["order", "id"]

    def get_extra(self, request: HttpRequest, obj: Question | None = None, **kwargs: Any) -> int:
        return 4 if obj is None else 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type", "category", "difficulty", "points", "is_active"]
    list_filter = ["category", "type", "difficulty", "is_active"]
    list_select_related = ["category"]
    search_fields = ["text", "explanation", "accepted_answers", "reference_answer"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    actions = ["activate", "deactivate"]
    inlines = [ChoiceInline]
    fieldsets = [
        (None, {"fields": ["category", "type", "text", "difficulty", "points", "is_active"]}),
        (_("Answer"), {"fields": ["true_false_answer", "accepted_answers", "reference_answer", "explanation"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra = {"can_import_questions": may_import_questions(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    @admin.action(description=_("Mark the selected questions active"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        queryset.update(is_active=True, updated_at=timezone.now())

    @admin.action(description=_("Mark the selected questions inactive (no longer drawn)"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        queryset.update(is_active=False, updated_at=timezone.now())
