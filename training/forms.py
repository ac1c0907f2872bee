from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Attendance
from .selectors import RollCallEntry
from .services import CheckOff

ATTENDANCE_CHOICES = [("", _("Not recorded")), *Attendance.choices]


class RollCallForm(forms.Form):
    """Attendance and completion for each (trainee, item) on the page, plus the shadowing log
    of the trainees the user mentors. Fields exist only for what the user may record, so a
    tampered field name is simply not read."""

    def __init__(self, *args: Any, entries: list[RollCallEntry], log_for: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.log_for = log_for
        for entry in entries:
            e = entry.enrollment.pk
            for item in entry.items:
                record = entry.records.get(item.pk)
                self.fields[f"att_{e}_{item.pk}"] = forms.ChoiceField(
                    label=_("Attendance"),
                    choices=ATTENDANCE_CHOICES,
                    required=False,
                    initial=record.attendance if record else "",
                )
                self.fields[f"done_{e}_{item.pk}"] = forms.BooleanField(
                    label=_("Completed"), required=False, initial=record.completed if record else False
                )
            if e in log_for:
                log = entry.log
                self.fields[f"chats_{e}"] = forms.IntegerField(
                    label=_("Chats observed"),
                    min_value=0,
                    max_value=2000,
                    required=False,
                    initial=log.chats_observed if log else None,
                )
                self.fields[f"score_{e}"] = forms.TypedChoiceField(
                    label=_("Score (1–5)"),
                    coerce=int,
                    required=False,
                    empty_value=None,
                    choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
                    initial=log.score if log else "",
                )
                self.fields[f"notes_{e}"] = forms.CharField(
                    label=_("Notes"),
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=log.notes if log else "",
                )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for e in self.log_for:
            chats, score, notes = data.get(f"chats_{e}"), data.get(f"score_{e}"), data.get(f"notes_{e}")
            if (chats is not None or notes) and score is None:
                self.add_error(f"score_{e}", _("Give the day a score from 1 to 5."))
        return data

    def check_offs(self) -> list[CheckOff]:
        return [
            CheckOff(
                enrollment_id=entry.enrollment.pk,
                item_id=item.pk,
                attendance=self.cleaned_data[f"att_{entry.enrollment.pk}_{item.pk}"],
                completed=self.cleaned_data[f"done_{entry.enrollment.pk}_{item.pk}"],
            )
            for entry in self.entries
            for item in entry.items
        ]

    def logs(self) -> list[tuple[RollCallEntry, dict[str, Any]]]:
        out = []
        for entry in self.entries:
            e = entry.enrollment.pk
            if e in self.log_for and self.cleaned_data.get(f"score_{e}") is not None:
                out.append(
                    (
                        entry,
                        {
                            "chats_observed": self.cleaned_data.get(f"chats_{e}") or 0,
                            "score": self.cleaned_data[f"score_{e}"],
                            "notes": self.cleaned_data.get(f"notes_{e}", ""),
                        },
                    )
                )
        return out

    def rows(self) -> list[dict[str, Any]]:
        """The entries with their bound fields, for the template."""
        out = []
        for entry in self.entries:
            e = entry.enrollment.pk
            out.append(
                {
                    "entry": entry,
                    "items": [(item, self[f"att_{e}_{item.pk}"], self[f"done_{e}_{item.pk}"]) for item in entry.items],
                    "log": (self[f"chats_{e}"], self[f"score_{e}"], self[f"notes_{e}"]) if e in self.log_for else None,
                }
            )
        return out
