"""Forms of the coaching pages. Services make the decisions; the forms read and check what was typed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import validate_in_range
from employees.roles import has_role

from .models import CoachingPlan, Goal, PlanOrigin, PlanStatus, RewardKind
from .services import EVIDENCE_SUFFIXES, MAX_EVIDENCE_BYTES, OWNER_ROLES, GoalRow


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), validators=[validate_in_range], **kwargs)


SCORE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class TrialPostLogForm(forms.Form):
    chats_handled = forms.IntegerField(label=_("Chats handled"), min_value=0, max_value=2000)
    score = forms.TypedChoiceField(
        label=_("Score (1–5)"), coerce=int, choices=SCORE_CHOICES, widget=forms.RadioSelect(attrs={"class": "score"})
    )
    problems = forms.CharField(
        label=_("Problems"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What went wrong or needed help: questions not known, slow replies, a difficult customer."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


# ---------------------------------------------------------------------------- coaching plans


class OwnerField(forms.CharField):
    """The owner by 工号 or login name: no list of every member of staff, whatever the size of the company."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Owner (工号 or login name)"),
            max_length=150,
            help_text=_("The mentor or team lead who follows the plan. Empty: the employee's mentor."),
            **kwargs,
        )


def find_owner(text: str) -> User | None:
    """The active user with this 工号 or login name (one query)."""
    return (
        User.objects.filter(Q(employee__employee_no=text) | Q(username=text), is_active=True)
        .select_related("employee")
        .order_by("pk")
        .first()
    )


class PlanForm(forms.Form):
    origin = forms.ChoiceField(label=_("Occasion"), choices=PlanOrigin.choices)
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = OwnerField(required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    next_check_in = date_field(_("Next check-in"), required=False)

    def __init__(self, *args: Any, default_owner: User | None, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_owner = default_owner
        if not editing:
            del self.fields["status"]
        else:
            del self.fields["origin"]

    def clean_owner(self) -> User:
        text = self.cleaned_data["owner"].strip()
        if not text:
            if self.default_owner is None:
                raise forms.ValidationError(_("The employee has no mentor: give the owner's 工号 or login name."))
            return self.default_owner
        owner = find_owner(text)
        if owner is None or not has_role(owner, *OWNER_ROLES):
            raise forms.ValidationError(_("No mentor, trainer or HR member has this 工号 or login name."))
        return owner


class GoalForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Goal"), max_length=300, required=False)
    due_date = date_field(_("Due date"), required=False)
    done = forms.BooleanField(label=_("Reached"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("text") and not data.get("due_date") and not data.get("DELETE"):
            self.add_error("due_date", _("Give the goal a due date."))
        return data


def goal_rows(formset: forms.BaseFormSet) -> list[GoalRow]:
    """The goals of a valid goal formset, without its empty rows. A goal whose text was emptied is removed."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not data.get("text") and data.get("pk") is None):
            continue  # an empty extra row
        delete = bool(data.get("DELETE")) or not data.get("text")
        rows.append(
            GoalRow(
                text=data.get("text") or "",
                due_date=data.get("due_date") or timezone.localdate(),
                pk=data.get("pk"),
                done=bool(data.get("done")),
                delete=delete,
            )
        )
    return rows


GoalFormSet = forms.formset_factory(GoalForm, extra=2, can_delete=True, max_num=30, validate_max=True, absolute_max=60)


def goal_initial(plan: CoachingPlan | None) -> list[dict[str, Any]]:
    if plan is None:
        return []
    return [{"pk": g.pk, "text": g.text, "due_date": g.due_date, "done": g.done} for g in plan.goals.all()]


class CheckInForm(forms.Form):
    on = date_field(_("Date"))
    note = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    goals_done = forms.MultipleChoiceField(
        label=_("Goals reached"), required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Status now"), choices=PlanStatus.choices)
    next_check_in = date_field(_("Next check-in"), required=False)

    def __init__(self, *args: Any, open_goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals_done = self.fields["goals_done"]
        assert isinstance(goals_done, forms.MultipleChoiceField)
        goals_done.choices = [(str(g.pk), f"{g.text} ({g.due_date:%Y-%m-%d})") for g in open_goals]
        if not open_goals:
            del self.fields["goals_done"]

    def goal_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("goals_done", [])]


# ---------------------------------------------------------------------------- rewards and penalties


class RewardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=RewardKind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    points = forms.IntegerField(label=_("Points"), required=False, min_value=1, max_value=100000)
    amount = forms.DecimalField(
        label=_("Amount (¥)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("1000000"),
        max_digits=9,
        decimal_places=2,
    )
    evidence_text = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a customer's praise, an order number, a quality check, a complaint."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        max_length=200,
        help_text=_("A picture, PDF, Word, Excel or text file up to 10 MB."),
    )

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload is None:
            return None
        if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if PurePosixPath(upload.name or "").suffix.lower() not in EVIDENCE_SUFFIXES:
            raise forms.ValidationError(_("Attach a picture, PDF, Word, Excel or text file."))
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        no_number = data.get("points") is None and data.get("amount") is None
        if no_number and not self.has_error("points") and not self.has_error("amount"):
            self.add_error("points", _("Give points, an amount in yuan, or both."))
        no_evidence = not (data.get("evidence_text") or "").strip() and not data.get("evidence_file")
        if no_evidence and not self.has_error("evidence_file"):
            self.add_error("evidence_text", _("Give the evidence: a note, a file or both."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300, help_text=_("Needed to reject."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the proposal is rejected."))
        return data
