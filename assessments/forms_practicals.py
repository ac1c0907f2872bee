"""The scoring form of a practical assessment: one level and an optional comment per criterion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from .models import Criterion, Level


@dataclass(frozen=True)
class CriterionRow:
    """What the template needs to draw one criterion: its levels as radio cards and a comment box."""

    criterion: Criterion
    level_field: BoundField
    comment_field: BoundField
    levels: list[tuple[Level, bool]]  # (level, checked)
    max_points: int


class PracticalScoreForm(forms.Form):
    """Fields exist only for the rubric's own criteria and each offers only that criterion's
    levels, so a tampered level id is an invalid choice rather than a score of another criterion.
    The service checks again before writing."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                choices=[(level.pk, f"{level.label} ({level.points})") for level in criterion.levels.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a level for this criterion."),
                    "invalid_choice": _("Choose one of this criterion's own levels."),
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Overall comment"),
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("What went well, what to practise before the next assessment."),
        )

    def rows(self) -> list[CriterionRow]:
        rows = []
        for criterion in self.criteria:
            level_field = self[f"level_{criterion.pk}"]
            value = str(level_field.value() or "")
            levels = list(criterion.levels.all())
            rows.append(
                CriterionRow(
                    criterion=criterion,
                    level_field=level_field,
                    comment_field=self[f"comment_{criterion.pk}"],
                    levels=[(level, str(level.pk) == value) for level in levels],
                    max_points=max((level.points for level in levels), default=0),
                )
            )
        return rows

    def levels_by_criterion(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"level_{c.pk}"] for c in self.criteria}

    def comments_by_criterion(self) -> dict[int, str]:
        return {
            c.pk: self.cleaned_data[f"comment_{c.pk}"] for c in self.criteria if self.cleaned_data[f"comment_{c.pk}"]
        }
