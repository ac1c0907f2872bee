"""Forms of the training score sheet: a trainee's ratings of a day, and the averages page's filters."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import validate_in_range
from training.models import Cohort

from .ratings import CRITERIA, SCORE_RANGE, RatableSession, SessionScore

CRITERION_LABELS = {
    "content": _("Content"),
    "delivery": _("Delivery"),
    "usefulness": _("Usefulness"),
}
CRITERION_HELP = {
    "content": _("Was the material clear, correct and complete?"),
    "delivery": _("How well was it taught: pace, examples, answers to questions?"),
    "usefulness": _("Will it help you in your daily work?"),
}
SCORE_ERRORS = {
    "required": _("Choose a score from 1 to 5."),
    "invalid_choice": _("Choose a score from 1 to 5."),
}
COMMENT_MAX_LENGTH = 1000


class DayRatingForm(forms.Form):
    """Three scores and a comment for each session the trainee may still rate. Fields exist only
    for those sessions, so a tampered field name or item id is simply not read."""

    def __init__(self, *args: Any, sessions: list[RatableSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        for session in sessions:
            pk = session.item.pk
            for criterion in CRITERIA:
                self.fields[f"{criterion}_{pk}"] = forms.TypedChoiceField(
                    label=CRITERION_LABELS[criterion],
                    choices=[(n, str(n)) for n in SCORE_RANGE],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages=SCORE_ERRORS,
                )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> list[SessionScore]:
        """The cleaned ratings, one per session, for ``rate_day``."""
        data = self.cleaned_data
        return [
            SessionScore(
                item_id=s.item.pk,
                content=data[f"content_{s.item.pk}"],
                delivery=data[f"delivery_{s.item.pk}"],
                usefulness=data[f"usefulness_{s.item.pk}"],
                comment=data.get(f"comment_{s.item.pk}", ""),
            )
            for s in self.sessions
        ]

    def rows(self) -> list[tuple[RatableSession, list[BoundField], BoundField]]:
        """Each session with its three score fields and its comment field, for the template."""
        return [(s, [self[f"{c}_{s.item.pk}"] for c in CRITERIA], self[f"comment_{s.item.pk}"]) for s in self.sessions]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AveragesFilterForm(forms.Form):
    """Cohort and date range of the averages page. Read from the query string; every field may be
    left out. The cohort choices are the user's scope, so a cohort outside it is an invalid choice."""

    DEFAULT_DAYS = 30

    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none(), required=False, label=_("Cohort"))
    since = forms.DateField(required=False, label=_("From"), widget=DateInput(), validators=[validate_in_range])
    until = forms.DateField(required=False, label=_("Until"), widget=DateInput(), validators=[validate_in_range])

    def __init__(self, *args: Any, cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cohorts = cohorts.order_by("-start_date", "-id")
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ModelChoiceField)  # declared above
        cohort.queryset = self.cohorts
        cohort.empty_label = _("All cohorts")
        until = timezone.localdate()
        self.default_until = until
        self.default_since = until - timedelta(days=self.DEFAULT_DAYS - 1)
        self.fields["since"].initial = self.default_since
        self.fields["until"].initial = self.default_until

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        since: date | None = data.get("since") or (None if "since" in self.errors else self.default_since)
        until: date | None = data.get("until") or (None if "until" in self.errors else self.default_until)
        if since and until and since > until:
            self.add_error("until", _("The end date cannot be before the start date."))
        data["since"], data["until"] = since, until
        return data
