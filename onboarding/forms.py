from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import REASON_MAX_LENGTH


class OpenDayOneForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with your name in the hire's history, e.g. “quiz to be retaken with the trainer on day 1”."),
    )
