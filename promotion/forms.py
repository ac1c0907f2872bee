"""Forms of the promotion pages: they read and check what was typed; services decide."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import validate_in_range
from employees.roles import Role
from quality.models import QualityCheck
from training.models import Enrollment

from .models import Candidate, CandidateStatus, Progress, Relation, Verdict
from .scoring import ANSWER_MAX, ANSWER_MIN, MARK_MAX, MARK_MIN, QUESTIONS, RUBRIC
from .services import FEEDBACK_DAYS

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_SUFFIXES = (".xlsx", ".xls", ".csv", ".pdf", ".docx", ".doc", ".pptx", ".txt", ".png", ".jpg", ".jpeg")
WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), validators=[validate_in_range], **kwargs)


def staff_users() -> QuerySet[User]:
    """People who may train, judge or lead: HR, trainers and mentors with an active login."""
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.HR, Role.TRAINER, Role.MENTOR])
        .select_related("employee")
        .distinct()
        .order_by("username")
    )


class CandidateChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Candidate) -> str:
        return f"{obj.employee.name}（{obj.employee.employee_no}）"


class EnrollmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Enrollment) -> str:
        return f"{obj.employee.name} · {obj.cohort.name}"


class UserChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        employee = getattr(obj, "employee", None)
        return employee.name if employee is not None else (obj.get_full_name() or obj.username)


def find_user(text: str) -> User | None:
    """The active user with this 工号 or login name (one query)."""
    return (
        User.objects.filter(Q(employee__employee_no=text) | Q(username=text), is_active=True)
        .select_related("employee")
        .order_by("pk")
        .first()
    )


class NominationForm(forms.Form):
    employee_no = forms.CharField(widget=forms.HiddenInput, max_length=32)
    reason = forms.CharField(
        label=_("Reason for the nomination"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the employee has shown: results, helping colleagues, handling peaks."),
    )
    waiver = forms.CharField(
        label=_("Why nominate despite the warnings"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when a rule is not met (HR only)."),
    )


class CohortForm(forms.Form):
    candidates = CandidateChoices(
        label=_("Candidates"), queryset=Candidate.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField(label=_("Cohort name"), max_length=100)
    start_date = date_field(_("Start date"))
    trainers = UserChoices(label=_("Trainers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)
    location = forms.CharField(label=_("Usual location"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["candidates"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Candidate.objects.filter(status=CandidateStatus.NOMINATED).select_related("employee")
        trainers = self.fields["trainers"]
        assert isinstance(trainers, forms.ModelMultipleChoiceField)
        trainers.queryset = staff_users().filter(groups__name=Role.TRAINER)


def _checked_file(upload: Any) -> Any:
    if upload is None:
        return None
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise forms.ValidationError(_("The file is larger than 10 MB."))
    if PurePosixPath(upload.name or "").suffix.lower() not in FILE_SUFFIXES:
        raise forms.ValidationError(_("Upload an Excel, CSV, PDF, Word, PowerPoint, text or picture file."))
    return upload


class HandInForm(forms.Form):
    """The rota (a week grid, or a file) and the weekly data report (text, or a file)."""

    text = forms.CharField(label=_("Text"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label=_("File"), required=False, max_length=200)

    def __init__(self, *args: Any, grid: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid = grid
        if grid:
            self.fields["text"].label = _("Notes on the rota (peaks, 大促, who covers whom)")
            for i, day in enumerate(WEEKDAYS):
                self.fields[f"day_{i}"] = forms.CharField(
                    label=day, required=False, max_length=500, help_text=_("Shift: names") if i == 0 else ""
                )
        else:
            self.fields["text"].label = _("The report: figures, what changed and why, next steps")

    def clean_file(self) -> Any:
        return _checked_file(self.cleaned_data.get("file"))

    def week_grid(self) -> list[str]:
        return [self.cleaned_data.get(f"day_{i}", "") for i in range(len(WEEKDAYS))] if self.grid else []


class MenteeForm(forms.Form):
    mentee = EnrollmentChoice(label=_("The new hire mentored"), queryset=Enrollment.objects.none())

    def __init__(self, *args: Any, choices: list[Enrollment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Enrollment.objects.filter(pk__in=[e.pk for e in choices]).select_related("employee", "cohort")


class CalibrationForm(forms.Form):
    """One score per chat of the key, on the same scale as the checker's."""

    def __init__(self, *args: Any, checks: list[QualityCheck], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checks = checks
        for check in checks:
            self.fields[f"check_{check.pk}"] = forms.DecimalField(
                label=f"{check.chat_date:%Y-%m-%d} · {check.excerpt[:60]}",
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(1000),
                max_digits=6,
                decimal_places=1,
            )

    def scores(self) -> dict[int, Decimal]:
        return {
            c.pk: self.cleaned_data[f"check_{c.pk}"]
            for c in self.checks
            if self.cleaned_data.get(f"check_{c.pk}") is not None
        }


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackRequestForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("Relation to the candidate"),
        choices=[c for c in Relation.choices if c[0] != Relation.SELF],
        widget=forms.RadioSelect,
    )
    raters = forms.CharField(
        label=_("Raters (工号 or login name, one a line)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ask_self = forms.BooleanField(label=_("Also ask the candidate for a self-assessment"), required=False)
    deadline = date_field(_("Deadline"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"deadline": timezone.localdate() + timedelta(days=FEEDBACK_DAYS)})
        super().__init__(*args, **kwargs)

    def clean_raters(self) -> list[User]:
        found, unknown = [], []
        for line in (self.cleaned_data.get("raters") or "").splitlines():
            text = line.strip()[:150]
            if not text:
                continue
            user = find_user(text)
            if user is None:
                unknown.append(text)
            else:
                found.append(user)
        if unknown:
            raise forms.ValidationError(
                _("Nobody has this 工号 or login name: %(list)s") % {"list": "、".join(unknown)}
            )
        return found


ANSWER_CHOICES = [(i, str(i)) for i in range(ANSWER_MIN, ANSWER_MAX + 1)]


class AnswerForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional; shown without your name)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {
            f"q{i}": forms.TypedChoiceField(
                label=str(question),
                coerce=int,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "score"}),
            )
            for i, question in enumerate(QUESTIONS)
        }
        self.fields = {**questions, **self.fields}
        # The five choices side by side: one line per statement on a phone.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*[InlineRadios(name) for name in questions], "comment")

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{i}"] for i in range(len(QUESTIONS))]


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    due_date = date_field(_("Due date"))
    progress = forms.TypedChoiceField(label=_("Progress"), coerce=int, choices=Progress.choices, initial=0)
    done = forms.BooleanField(label=_("Done"), required=False)


class DefenceForm(forms.Form):
    held_on = date_field(_("Date of the defence"))
    judges = UserChoices(label=_("Judges"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["judges"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = staff_users().exclude(pk=candidate.employee.user_id)


MARK_CHOICES = [(i, str(i)) for i in range(MARK_MIN, MARK_MAX + 1)]


class JudgeForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        marks = {
            c.key: forms.TypedChoiceField(
                label=f"{c.label} ({c.weight} %)", coerce=int, choices=[("", "—"), *MARK_CHOICES]
            )
            for c in RUBRIC
        }
        self.fields = {**marks, **self.fields}

    def marks(self) -> dict[str, int]:
        return {c.key: self.cleaned_data[c.key] for c in RUBRIC}


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Decision"), choices=Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    promoted_to = forms.CharField(
        label=_("Promoted to"), required=False, max_length=60, help_text=_("When promoting: e.g. 客服组长, 售后主管.")
    )
    extended_to = date_field(_("New decision date"), required=False, help_text=_("When extending."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("verdict") == Verdict.PROMOTE and not (data.get("promoted_to") or "").strip():
            self.add_error("promoted_to", _("Say what the candidate is promoted to."))
        if data.get("verdict") == Verdict.EXTEND and not data.get("extended_to") and not self.has_error("extended_to"):
            self.add_error("extended_to", _("Give the new decision date."))
        return data
