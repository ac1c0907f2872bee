from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.dates import validate_in_range
from employees.models import Employee, PositionClass, Tier
from training.forms_cohorts import DateInput, TrainerChoiceField, trainers_queryset
from training.models import PlanTemplate

from .models import NeedSource, RefresherNeed
from .selectors import STANDINGS, PeopleFilter

MAX_WARNING_DAYS = 365


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class CertificationFilterForm(forms.Form):
    """The filters of the certifications page (GET): a bad value is dropped, never an error page."""

    # The id of one of the active competencies (the page lists them; an unknown id falls back to the first).
    competency = forms.IntegerField(required=False, min_value=1, label=_("Competency"))
    standing = forms.ChoiceField(choices=_blank(_("Any standing")) + STANDINGS, required=False, label=_("Standing"))
    tier = forms.ChoiceField(choices=_blank(_("Any tier")) + Tier.choices, required=False, label=_("Tier"))
    position_class = forms.ChoiceField(
        choices=_blank(_("Any position class")) + PositionClass.choices, required=False, label=_("Position class")
    )
    team = forms.CharField(max_length=100, required=False, label=_("Team / shop"))
    days = forms.IntegerField(
        min_value=1,
        max_value=MAX_WARNING_DAYS,
        required=False,
        label=_("Expiring within (days)"),
    )

    def value(self, name: str, default: Any = "") -> Any:
        """The cleaned value of a filter, or ``default`` when it is missing or invalid."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name) if name not in self.errors else None
        return default if value in (None, "") else value

    def people(self) -> PeopleFilter:
        return PeopleFilter(
            tier=self.value("tier"), position_class=self.value("position_class"), team=self.value("team").strip()
        )


class RefresherCohortForm(forms.Form):
    """A refresher cohort: its name, plan, start date, trainers, and whom it takes (``picked``: employees from
    a filter, or open needs)."""

    name = forms.CharField(label=_("Cohort name"), max_length=100)
    plan = forms.ModelChoiceField(queryset=PlanTemplate.objects.none(), label=_("Refresher plan"))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput(), validators=[validate_in_range])
    location = forms.CharField(label=_("Usual location"), max_length=100, required=False)
    trainers = TrainerChoiceField(
        queryset=User.objects.none(), label=_("Trainers"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(
        self,
        *args: Any,
        plans: QuerySet[PlanTemplate],
        picked: QuerySet[Employee] | QuerySet[RefresherNeed],
        picked_label: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        plan = self.fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = plans
        trainers = self.fields["trainers"]
        assert isinstance(trainers, TrainerChoiceField)
        trainers.queryset = trainers_queryset()
        self.fields["picked"] = forms.ModelMultipleChoiceField(
            queryset=picked, label=picked_label, widget=forms.CheckboxSelectMultiple, required=True
        )


class NeedFilterForm(forms.Form):
    source = forms.ChoiceField(choices=_blank(_("Any source")) + NeedSource.choices, required=False, label=_("Source"))
    team = forms.CharField(max_length=100, required=False, label=_("Team / shop"))

    def value(self, name: str) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data.get(name) or "").strip()
