"""Exams, attempts and grading in the admin.

The grading queue ("Short answers to grade") lists the questions with answers waiting, so a
trainer grades one question across all attempts: the question, the reference answer, each
trainee's answer, points and a comment. Every grade and regrade goes through
``exams.grade_answer`` and is kept with who, when, old → new and why.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from training.admin_scope import ScopedAdminMixin
from wording.highlight import highlight_html
from wording.matching import Matcher, current_matcher
from wording.models import Category

from .exams import ExamError, check_grade, grade_answer, pending_answers
from .models import (
    Answer,
    Attempt,
    Exam,
    ExamQuestion,
    ExamRule,
    Question,
    Regrade,
    Retake,
    ShortAnswerPending,
)
from .permissions import may_delete_attempts


class ExamRuleInline(admin.TabularInline):
    model = ExamRule
    extra = 0


class ExamQuestionInline(admin.TabularInline):
    model = ExamQuestion
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "item", "time_limit_minutes", "max_attempts", "pass_mark", "is_gate", "is_active"]
    list_filter = ["is_gate", "is_active", "result_policy"]
    search_fields = ["title", "code", "item__topic"]
    list_select_related = ["item"]
    raw_id_fields = ["item"]
    prepopulated_fields = {"code": ["title"]}
    inlines = [ExamRuleInline, ExamQuestionInline]


class RegradeHistory:
    """The history's columns, shared by the answer page's inline and the regrades list."""

    @admin.display(description=gettext_lazy("by"), ordering="by__first_name")
    def grader(self, obj: Regrade) -> str:
        return obj.grader_name

    @admin.display(description=gettext_lazy("old → new"))
    def change(self, obj: Regrade) -> str:
        return obj.change


class RegradeInline(RegradeHistory, admin.TabularInline):
    model = Regrade
    extra = 0
    can_delete = False
    # A tuple: one value typed as both `fields` and `readonly_fields` (a list can only be typed as one).
    fields = ("at", "grader", "change", "reason")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    # A tuple: one value typed as both `fields` and `readonly_fields` (a list can only be typed as one).
    fields = ("order", "type", "question_text", "given", "auto_score", "manual_score", "points", "grade_link")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("question"))
    def question_text(self, obj: Answer) -> str:
        return obj.snapshot.get("text", "")[:60]

    @admin.display(description=gettext_lazy("answer"))
    def given(self, obj: Answer) -> str:
        return _display_response(obj)

    @admin.display(description="")
    def grade_link(self, obj: Answer) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:assessments_answer_change", args=[obj.pk]), _("Grade / regrade")
        )


def banned_word_hints(text: str, matcher: Matcher) -> str:
    """The answer with its banned words marked, then one line per word: category, block or warn, and
    the suggested replacement. Shown beside a short answer so the grader can take them into account."""
    hits = matcher.scan(text)
    if not hits:
        return format_html('<span class="banned-none">{}</span>', _("No banned words found."))
    lines = format_html_join(
        "",
        "<li>{} · {} · {}{}</li>",
        (
            (
                h.word,
                Category(h.category).label,
                _("Block") if h.is_blocking else _("Warn"),
                format_html(" → {}", h.replacement) if h.replacement else "",
            )
            for h in hits
        ),
    )
    return format_html(
        '<div class="banned-words"><div class="banned-text">{}</div><ul>{}</ul></div>',
        highlight_html(text, hits),
        lines,
    )


def _display_response(answer: Answer) -> str:
    r = answer.response
    if r is None:
        return "—"
    if answer.type == "true_false":
        return _("True") if r else _("False")
    if isinstance(r, list):
        return "".join(r)
    return str(r)


@admin.register(Attempt)
class AttemptAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path, mentee_path = "employee__enrollments__cohort", "employee"
    list_display = [
        "employee",
        "exam",
        "number",
        "status",
        "score",
        "max_score",
        "percent",
        "passed",
        "pending_grading",
        "started_at",
    ]
    list_filter = ["status", "passed", "is_practice", "exam"]
    search_fields = ["employee__name", "employee__employee_no", "exam__title"]
    list_select_related = ["employee", "exam"]
    date_hierarchy = "started_at"
    readonly_fields = [
        "exam",
        "employee",
        "number",
        "is_practice",
        "status",
        "started_at",
        "deadline",
        "submitted_at",
        "max_score",
        "score",
        "percent",
        "passed",
        "pending_grading",
    ]
    inlines = [AnswerInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return may_delete_attempts(request.user)


class GradeForm(forms.ModelForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when a score already given changes."),
    )

    class Meta:
        model = Answer
        fields = ["manual_score", "comment"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The grade as stored: validation copies the form's values into the instance.
        self.stored = (self.instance.manual_score, self.instance.comment)

    def changes_grade(self) -> bool:
        """Whether saving grades or regrades (a page saved as it was changes nothing)."""
        stored_score, stored_comment = self.stored
        score, comment = self.cleaned_data.get("manual_score"), (self.cleaned_data.get("comment") or "").strip()
        if score is None and stored_score is None:
            return bool(comment)  # a comment needs a score with it
        return score != stored_score or comment != stored_comment

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if not self.errors and self.changes_grade():
            try:
                check_grade(answer=self.instance, score=cleaned.get("manual_score"), reason=cleaned.get("reason") or "")
            except ExamError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return cleaned


# What the answer page shows, in order; the grade form edits some of it (see AnswerAdmin.readonly_fields).
ANSWER_FIELDS = (
    "attempt",
    "order",
    "type",
    "question_text",
    "reference",
    "given",
    "banned_words",
    "points",
    "auto_score",
    "manual_score",
    "comment",
    "reason",
    "grader",
    "graded_at",
)


@admin.register(Answer)
class AnswerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """One answer: the question as shown, the answer given, and the grade (regrades need a reason)."""

    cohort_path, mentee_path = "attempt__employee__enrollments__cohort", "attempt__employee"

    form = GradeForm
    list_display = ["attempt", "order", "type", "auto_score", "manual_score", "points", "grader"]
    list_filter = ["type", "attempt__exam"]
    search_fields = ["attempt__employee__name", "attempt__employee__employee_no"]
    list_select_related = ["attempt__employee", "attempt__exam", "graded_by"]
    fields = ANSWER_FIELDS
    # Shown as they are: every field but those the grade form edits.
    readonly_fields = [name for name in ANSWER_FIELDS if name not in ("manual_score", "comment", "reason")]
    inlines = [RegradeInline]

    class Media:
        css = {"all": ["css/wording_marks.css"]}  # the banned-word hint's marks

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("question"))
    def question_text(self, obj: Answer) -> str:
        return obj.snapshot.get("text", "")

    @admin.display(description=gettext_lazy("graded by"), ordering="graded_by__first_name")
    def grader(self, obj: Answer) -> str:
        by = obj.graded_by
        return (by.get_full_name() or by.get_username()) if by is not None else "—"

    @admin.display(description=gettext_lazy("correct or reference answer"))
    def reference(self, obj: Answer) -> str:
        s = obj.snapshot
        if obj.type == "short":
            return s.get("reference", "")
        if obj.type == "fill":
            return " / ".join(s.get("accepted", []))
        if obj.type == "true_false":
            return _("True") if s.get("correct") else _("False")
        return "".join(s.get("correct", []))

    @admin.display(description=gettext_lazy("answer"))
    def given(self, obj: Answer) -> str:
        return _display_response(obj)

    @admin.display(description=gettext_lazy("banned words"))
    def banned_words(self, obj: Answer) -> str:
        """The grading hint: the banned words in a short answer, marked, with what to say instead."""
        if obj.type != "short":
            return "—"
        return banned_word_hints(str(obj.response or ""), current_matcher())

    def save_model(self, request: HttpRequest, obj: Answer, form, change: bool) -> None:
        if not form.changes_grade():
            return
        assert request.user.is_authenticated  # the admin site lets only logged-in staff in
        try:
            grade_answer(
                answer=obj,
                score=form.cleaned_data["manual_score"],
                comment=form.cleaned_data.get("comment", ""),
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ExamError as exc:  # the grade changed since the form was checked (another grader)
            messages.error(request, str(exc))

    def save_related(self, request, form, formsets, change) -> None:
        # The regrade history is written by grade_answer only: its inline is shown, never saved.
        # The admin's change message still reads what a formset saved, so say "nothing".
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(ShortAnswerPending)
class GradingQueueAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The queue: one row per question with answers waiting; grade a question across attempts. One
    answer is graded on its own page (AnswerAdmin), through grade_answer: no form of its own here."""

    cohort_path, mentee_path = "attempt__employee__enrollments__cohort", "attempt__employee"

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:assessments_answer_change", args=[object_id]))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "question/<int:question_id>/",
                self.admin_site.admin_view(self.grade_question_view),
                name="assessments_grade_question",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        assert request.user.is_authenticated  # the admin site lets only logged-in staff in
        waiting = list(
            pending_answers(request.user)
            .values("question_id", "attempt__exam__title")
            .annotate(waiting=Count("id"), oldest=Min("attempt__submitted_at"))
            .order_by("oldest")
        )
        texts = dict(Question.objects.filter(pk__in=[g["question_id"] for g in waiting]).values_list("pk", "text"))
        groups = [{**g, "text": texts.get(g["question_id"], "")} for g in waiting]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Short answers to grade"),
            "groups": groups,
            "opts": self.model._meta,
        }
        return render(request, "admin/assessments/grading_queue.html", context)

    def grade_question_view(self, request: HttpRequest, question_id: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        assert request.user.is_authenticated  # the admin site lets only logged-in staff in
        answers = list(
            pending_answers(request.user)
            .filter(question_id=question_id)
            .select_related("attempt__employee", "attempt__exam")
            .order_by("attempt__submitted_at")
        )
        errors: dict[int, str] = {}
        if request.method == "POST":
            graded = 0
            for answer in answers:
                raw = request.POST.get(f"score-{answer.pk}", "").strip()
                if not raw:
                    continue
                try:
                    score = Decimal(raw)
                    grade_answer(
                        answer=answer,
                        score=score,
                        comment=request.POST.get(f"comment-{answer.pk}", ""),
                        by=request.user,
                    )
                    graded += 1
                except (InvalidOperation, ExamError) as exc:
                    errors[answer.pk] = str(exc) if isinstance(exc, ExamError) else _("Enter a number.")
            if not errors:
                messages.success(request, _("%(n)s answers graded.") % {"n": graded})
                return HttpResponseRedirect(reverse("admin:assessments_shortanswerpending_changelist"))
        for answer in answers:
            answer.error = errors.get(answer.pk, "")
            answer.entered_score = request.POST.get(f"score-{answer.pk}", "") if request.method == "POST" else ""
            answer.entered_comment = request.POST.get(f"comment-{answer.pk}", "") if request.method == "POST" else ""
        matcher = current_matcher()  # one automaton for every answer on the page
        for answer in answers:
            answer.banned_words = banned_word_hints(str(answer.response or ""), matcher)
        first = answers[0] if answers else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Grade one question across attempts"),
            "answers": answers,
            "question": first.snapshot if first else None,
            "opts": self.model._meta,
        }
        return render(request, "admin/assessments/grade_question.html", context)


@admin.register(Retake)
class RetakeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    cohort_path, mentee_path = "employee__enrollments__cohort", "employee"
    list_display = ["employee", "exam", "date", "failed_attempt", "created_at"]
    list_filter = ["exam", "date"]
    search_fields = ["employee__name", "employee__employee_no"]
    list_select_related = ["employee", "exam", "failed_attempt"]


@admin.register(Regrade)
class RegradeAdmin(ScopedAdminMixin, RegradeHistory, admin.ModelAdmin):
    cohort_path, mentee_path = "answer__attempt__employee__enrollments__cohort", "answer__attempt__employee"
    list_display = ["answer", "change", "grader", "at", "reason"]
    # A tuple: one value typed as both `fields` and `readonly_fields` (a list can only be typed as one).
    fields = ("answer", "at", "grader", "change", "reason")
    readonly_fields = fields
    list_filter = ["at"]
    search_fields = ["answer__attempt__employee__name", "reason"]
    list_select_related = ["answer__attempt__employee", "answer__attempt__exam", "by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
