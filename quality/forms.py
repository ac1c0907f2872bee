"""Forms of the quality pages: scoring a chat, finding the employee to check, and the period filters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import validate_in_range
from employees.models import Employee

from .models import Category, Item, Platform, QualityCheck, ScoreSheet
from .selectors import Outcome
from .services import EXCERPT_MAX, CheckInput, HitInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


@dataclass(frozen=True)
class ItemRow:
    item: Item
    hit: BoundField
    note: BoundField


@dataclass(frozen=True)
class CategoryGroup:
    category: Category
    counts: bool  # does the category count for the employee's position class
    rows: list[ItemRow]


class CheckForm(forms.Form):
    """The chat and the items hit. There are fields only for the items of the categories that count for the
    employee, so an item of another sheet or another position class cannot be posted; the service checks
    again. No total is posted: the server computes it."""

    chat_date = forms.DateField(label=_("Chat date"), widget=DateInput(), validators=[validate_in_range])
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    session_ref = forms.CharField(
        label=_("Order or session number"),
        max_length=100,
        required=False,
        help_text=_("So that the chat can be found again in the workbench."),
    )
    excerpt = forms.CharField(
        label=_("Chat excerpt"),
        max_length=EXCERPT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paste the part of the chat you scored; leave out the buyer's phone number and address."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What went well, what to do differently next time."),
    )

    def __init__(
        self,
        *args: Any,
        categories: Sequence[Category],
        employee: Employee,
        check: QualityCheck | None = None,
        **kwargs: Any,
    ) -> None:
        if check is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial_of(check)
        super().__init__(*args, **kwargs)
        self.fields["chat_date"].initial = self.fields["chat_date"].initial or timezone.localdate()
        self.employee = employee
        self.categories = list(categories)
        self.items: list[Item] = []
        for category in self.categories:
            if not category.applies_to(employee.position_class):
                continue
            for item in category.items.all():
                self.items.append(item)
                self.fields[f"hit_{item.pk}"] = forms.BooleanField(label=item.title, required=False)
                self.fields[f"note_{item.pk}"] = forms.CharField(
                    label=_("Note"), max_length=500, required=False, widget=forms.TextInput()
                )

    def clean_chat_date(self) -> date:
        day: date = self.cleaned_data["chat_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The chat date cannot be in the future."))
        return day

    def groups(self) -> list[CategoryGroup]:
        groups = []
        for category in self.categories:
            counts = category.applies_to(self.employee.position_class)
            rows = (
                [ItemRow(item, self[f"hit_{item.pk}"], self[f"note_{item.pk}"]) for item in category.items.all()]
                if counts
                else []
            )
            groups.append(CategoryGroup(category, counts, rows))
        return groups

    def to_input(self) -> CheckInput:
        data = self.cleaned_data
        return CheckInput(
            chat_date=data["chat_date"],
            platform=data["platform"],
            session_ref=data["session_ref"],
            excerpt=data["excerpt"],
            comment=data["comment"],
            hits=[
                HitInput(item_id=item.pk, note=data.get(f"note_{item.pk}", ""))
                for item in self.items
                if data.get(f"hit_{item.pk}")
            ],
        )


def _initial_of(check: QualityCheck) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "chat_date": check.chat_date,
        "platform": check.platform,
        "session_ref": check.session_ref,
        "excerpt": check.excerpt,
        "comment": check.comment,
    }
    for hit in check.hits.all():
        initial[f"hit_{hit.item_id}"] = True
        initial[f"note_{hit.item_id}"] = hit.note
    return initial


class FindEmployeeForm(forms.Form):
    q = forms.CharField(label=_("Employee number or name"), max_length=64)


class SheetChoiceForm(forms.Form):
    """Which active score sheet to score against (read from the query string)."""

    sheet = forms.ModelChoiceField(queryset=ScoreSheet.objects.none(), label=_("Score sheet"), empty_label=None)

    def __init__(self, *args: Any, sheets: QuerySet[ScoreSheet], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sheet"]
        assert isinstance(field, forms.ModelChoiceField)  # declared above
        field.queryset = sheets


class PeriodForm(forms.Form):
    """A date range of chats (by chat date), from the query string; both ends default to the last
    ``DEFAULT_DAYS`` days, and a range is at most a year."""

    DEFAULT_DAYS = 30
    MAX_DAYS = 366

    since = forms.DateField(required=False, label=_("From"), widget=DateInput(), validators=[validate_in_range])
    until = forms.DateField(required=False, label=_("Until"), widget=DateInput(), validators=[validate_in_range])

    def __init__(
        self, data: QueryDict | None = None, *args: Any, default_days: int | None = None, **kwargs: Any
    ) -> None:
        until = timezone.localdate()
        self.default_until = until
        self.default_since = until - timedelta(days=(default_days or self.DEFAULT_DAYS) - 1)
        # Always bound: the query string over the default range, so the form shows the dates it uses.
        defaults = {"since": self.default_since.isoformat(), "until": self.default_until.isoformat()}
        super().__init__({**defaults, **(data.dict() if data is not None else {})}, *args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        since: date | None = data.get("since") or (None if "since" in self.errors else self.default_since)
        until: date | None = data.get("until") or (None if "until" in self.errors else self.default_until)
        if since and until:
            if since > until:
                self.add_error("until", _("The end date cannot be before the start date."))
            elif (until - since).days >= self.MAX_DAYS:
                self.add_error("since", _("Choose at most a year at a time."))
        data["since"], data["until"] = since, until
        return data

    def period_fields(self) -> list[BoundField]:
        return [self["since"], self["until"]]

    def period(self) -> tuple[date, date]:
        """The range used: the cleaned one, or the default when the form is invalid (nothing is shown then)."""
        if self.is_valid():
            return self.cleaned_data["since"], self.cleaned_data["until"]
        return self.default_since, self.default_until


class ChecksFilterForm(PeriodForm):
    """The list of checks and its export: period, team, an employee by 工号 or name, failed / red lines."""

    team = forms.ChoiceField(label=_("Team / shop"), required=False)
    q = forms.CharField(label=_("Employee number or name"), required=False, max_length=64)
    outcome = forms.ChoiceField(label=_("Show"), required=False, choices=Outcome.CHOICES)

    def __init__(self, *args: Any, teams: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = list(teams)
        field = self.fields["team"]
        assert isinstance(field, forms.ChoiceField)  # declared above
        field.choices = [("", _("All teams")), *((team, team) for team in self.teams)]
