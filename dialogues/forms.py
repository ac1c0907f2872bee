from __future__ import annotations

from typing import Any

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .rubric import CRITERIA, MAX_LEVEL
from .services import MAX_REPLY

LEVELS = [(str(level), str(level)) for level in range(1, MAX_LEVEL + 1)]


class ReplyForm(forms.Form):
    """Only the text: the reply time is the server's, whatever else the browser posts is not read."""

    text = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_REPLY,
        widget=forms.Textarea(attrs={"rows": 3, "class": "dialogue-reply-text", "autocomplete": "off"}),
    )


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the trainee"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in CRITERIA:
            self.fields[key] = forms.TypedChoiceField(label=label, choices=LEVELS, coerce=int, widget=forms.RadioSelect)
        self.order_fields([key for key, _label in CRITERIA] + ["comment"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(InlineRadios(key) for key, _label in CRITERIA), "comment")

    def levels(self) -> dict[str, int]:
        return {key: int(self.cleaned_data[key]) for key, _label in CRITERIA}
