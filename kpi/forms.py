"""Forms of the KPI pages: the upload of an export, the thresholds, an employee's CS accounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from common.dates import validate_in_range
from employees.models import PositionClass

from .metrics import METRICS, Unit
from .models import Platform, account_key

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class KpiUploadForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    file = forms.FileField(
        label=_("Performance export (.xlsx, .xls, .ods, .csv)"),
        # An empty file gets the importer's own message, like every other unreadable file.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )
    period_start = forms.DateField(
        label=_("Period from"), required=False, widget=_DATE_WIDGET, validators=[validate_in_range]
    )
    period_end = forms.DateField(
        label=_("Period to"), required=False, widget=_DATE_WIDGET, validators=[validate_in_range]
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if (start is None) != (end is None) and not self.errors:
            raise forms.ValidationError(_("Give both dates of the period, or neither (the file then names it)."))
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def period(self) -> tuple[date, date] | None:
        start, end = self.cleaned_data.get("period_start"), self.cleaned_data.get("period_end")
        return (start, end) if start and end else None


def threshold_field_name(position_class: str, metric: str) -> str:
    return f"{position_class}__{metric}"


class ThresholdForm(forms.Form):
    """One optional number per position class and metric; empty means no threshold."""

    def __init__(self, *args: Any, current: dict[tuple[str, str], Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for position_class in PositionClass.values:
            for metric, info in METRICS.items():
                top = Decimal(100) if info.unit == Unit.PERCENT else Decimal("999999999999")
                self.fields[threshold_field_name(position_class, metric)] = forms.DecimalField(
                    label=info.label,
                    required=False,
                    max_digits=14,
                    decimal_places=2,
                    validators=[MinValueValidator(Decimal(0)), MaxValueValidator(top)],
                    initial=current.get((position_class, metric)),
                    widget=forms.NumberInput(attrs={"step": "any", "min": "0", "inputmode": "decimal"}),
                )

    def groups(self) -> list[tuple[str, str, list[tuple[forms.BoundField, str, str]]]]:
        """(position class, its label, [(field, comparison, unit)]) for the template."""
        return [
            (
                position_class,
                str(label),
                [
                    (self[threshold_field_name(position_class, metric)], info.comparison, str(info.unit.label))
                    for metric, info in METRICS.items()
                ],
            )
            for position_class, label in PositionClass.choices
        ]

    def values(self) -> dict[tuple[str, str], Decimal | None]:
        return {
            (position_class, metric): self.cleaned_data.get(threshold_field_name(position_class, metric))
            for position_class in PositionClass.values
            for metric in METRICS
        }


class AccountForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=[("", "—"), *Platform.choices], required=False)
    name = forms.CharField(label=_("Account name"), max_length=100, required=False, strip=True)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("name") and not data.get("platform"):
            self.add_error("platform", _("Choose the platform of this account."))
        return data


class BaseAccountFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            platform, name = form.cleaned_data.get("platform"), form.cleaned_data.get("name")
            if not name:
                continue
            key = (platform, account_key(name))
            if key in seen:
                raise forms.ValidationError(_("“%(name)s” is listed twice for the same platform.") % {"name": name})
            seen.add(key)


AccountFormSet = forms.formset_factory(AccountForm, formset=BaseAccountFormSet, extra=2, max_num=30, validate_max=True)


def accounts_of(formset: forms.BaseFormSet) -> list[tuple[str, str]]:
    """(platform, name) of every filled row of a valid ``AccountFormSet``."""
    return [(f.cleaned_data["platform"], f.cleaned_data["name"]) for f in formset.forms if f.cleaned_data.get("name")]
