"""Forms: publishing an update (or a new version of it) and adding people to one."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from assessments.models import Category
from common.dates import validate_in_range
from employees.models import Employee, PositionClass, Tier

from .models import Attachment, UpdateCategory
from .services import MAX_QUIZ_QUESTIONS, Audience, KnowledgeError, NewFile, QuizSpec, check_quiz, nameable

MAX_FILES = 5
MAX_FILE_MB = 20
MAX_NAMED = 500
NUMBER_SPLIT = re.compile(r"[\s,，;；、]+")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class NumbersField(forms.CharField):
    """工号, separated by spaces, commas or new lines (pasted from a spreadsheet column)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20_000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[Employee]:  # the people, not the text
        text = super().clean(value)
        numbers = [n for n in NUMBER_SPLIT.split(text or "") if n]
        if len(numbers) > MAX_NAMED:
            raise forms.ValidationError(_("Name at most %(max)s people here.") % {"max": MAX_NAMED})
        found, missing = nameable(numbers)
        if missing:
            raise forms.ValidationError(
                ngettext(
                    "No employee at work has the employee number %(numbers)s.",
                    "No employees at work have the employee numbers %(numbers)s.",
                    len(missing),
                )
                % {"numbers": "、".join(missing[:20]) + ("…" if len(missing) > 20 else "")}
            )
        return found


def team_choices() -> list[tuple[str, str]]:
    teams = Employee.objects.exclude(team="").order_by("team").values_list("team", flat=True).distinct()
    return [(t, t) for t in teams]


class UpdateForm(forms.Form):
    """The text, deadline, quiz and files of a version; for a new update also its category and audience."""

    category = forms.ChoiceField(label=_("Category"), choices=UpdateCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Simple HTML is kept (paragraphs, lists, bold, links, tables); scripts and styles are removed."),
    )
    change_note = forms.CharField(
        label=_("What changed"), max_length=300, required=False, help_text=_("Shown to everyone above the new version.")
    )
    deadline = forms.DateField(label=_("Confirm by"), widget=DateInput(), validators=[validate_in_range])
    tiers = forms.MultipleChoiceField(
        label=_("Tiers"), choices=Tier.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    position_classes = forms.MultipleChoiceField(
        label=_("Position classes"), choices=PositionClass.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    teams = forms.MultipleChoiceField(
        label=_("Teams / shops"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    people = NumbersField(
        label=_("People by employee number"),
        help_text=_(
            "Besides the groups above, or instead of them. Groups left empty mean any; with no group ticked, "
            "only the people named here receive the update."
        ),
    )
    requires_refresher = forms.BooleanField(
        label=_("Requires a refresher"),
        required=False,
        help_text=_("Every recipient is put on HR's list of refresher needs (回炉)."),
    )
    quiz_questions = forms.IntegerField(
        label=_("Quiz questions"),
        min_value=0,
        max_value=MAX_QUIZ_QUESTIONS,
        initial=0,
        help_text=_("0: no quiz. Questions with automatic grading are drawn from the question bank."),
    )
    quiz_category = forms.ModelChoiceField(
        label=_("Quiz category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("Any category"),
    )
    quiz_pass_mark = forms.IntegerField(label=_("Quiz pass mark (%)"), min_value=1, max_value=100, initial=80)
    quiz_attempts = forms.IntegerField(label=_("Quiz attempts"), min_value=1, max_value=10, initial=3)
    keep = forms.ModelMultipleChoiceField(
        label=_("Keep these files"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    upload = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args: Any, new_version_of: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = new_version_of is not None
        limits = {"n": MAX_FILES, "mb": MAX_FILE_MB}
        self.fields["upload"].help_text = gettext("Up to %(n)s files of at most %(mb)s MB each; people download them.")
        self.fields["upload"].help_text %= limits
        if self.editing:
            for name in ("category", "tiers", "position_classes", "teams", "people", "requires_refresher"):
                del self.fields[name]
            keep = cast(forms.ModelMultipleChoiceField, self.fields["keep"])
            keep.queryset = new_version_of.attachments.all()
            if not keep.queryset.exists():
                del self.fields["keep"]
        else:
            del self.fields["change_note"]
            del self.fields["keep"]
            cast(forms.MultipleChoiceField, self.fields["teams"]).choices = team_choices()
            self.fields["deadline"].initial = timezone.localdate() + timedelta(days=3)

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline

    def clean_upload(self) -> list[UploadedFile]:
        files = self.cleaned_data["upload"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)s files at a time.") % {"n": MAX_FILES})
        for f in files:
            if f.size and f.size > MAX_FILE_MB * 1024 * 1024:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(mb)s MB.") % {"name": f.name, "mb": MAX_FILE_MB}
                )
        return files

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.editing and not self.errors and not (self.audience.has_rule or data.get("people")):
            raise forms.ValidationError(_("Choose who receives the update: groups, people by number, or both."))
        spec = self.quiz
        if spec is not None and not self.errors:
            try:
                check_quiz(spec)
            except KnowledgeError as exc:
                self.add_error("quiz_questions", str(exc))
        return data

    @property
    def audience(self) -> Audience:
        data = self.cleaned_data
        return Audience(
            tiers=data.get("tiers") or [],
            position_classes=data.get("position_classes") or [],
            teams=data.get("teams") or [],
        )

    @property
    def quiz(self) -> QuizSpec | None:
        data = self.cleaned_data
        if not data.get("quiz_questions"):
            return None
        return QuizSpec(
            questions=data["quiz_questions"],
            category=data.get("quiz_category"),
            pass_mark=data.get("quiz_pass_mark") or 80,
            attempts=data.get("quiz_attempts") or 3,
        )

    @property
    def new_files(self) -> list[NewFile]:
        return [NewFile(title=f.name or "", upload=f) for f in self.cleaned_data.get("upload") or []]


class AddPeopleForm(forms.Form):
    people = NumbersField(label=_("People by employee number"))
    everyone_matching = forms.BooleanField(
        label=_("Also everyone who matches the audience now"),
        required=False,
        help_text=_("For example new hires who finished training or people who moved team since publishing."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors and not data.get("people") and not data.get("everyone_matching"):
            raise forms.ValidationError(_("Name people or tick “everyone who matches”."))
        return data
