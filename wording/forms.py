from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .matching import key
from .models import Category, Severity

CHECK_MAX = 5000


def _has_key(value: str) -> str:
    value = value.strip()
    if value and not key(value):
        raise forms.ValidationError(_("Enter letters or characters, not only spaces and marks."))
    return value


class WordForm(forms.Form):
    word = forms.CharField(label=_("Word"), max_length=50)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        initial=Severity.BLOCK,
        help_text=_("Block: a reply with it fails. Warn: it is pointed out and costs points."),
    )
    replacement = forms.CharField(label=_("Suggested replacement"), max_length=100, required=False)

    def clean_word(self) -> str:
        return _has_key(self.cleaned_data["word"])

    def clean_replacement(self) -> str:
        return self.cleaned_data["replacement"].strip()


class PhraseForm(forms.Form):
    phrase = forms.CharField(
        label=_("Allowed phrase"),
        max_length=50,
        help_text=_("A phrase that contains a listed word but is fine, such as 第一次 for 第一."),
    )

    def clean_phrase(self) -> str:
        return _has_key(self.cleaned_data["phrase"])


class PublishForm(forms.Form):
    note = forms.CharField(label=_("What changed and why"), max_length=300, required=False)


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("Text to check"),
        max_length=CHECK_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Paste a reply: the banned words in it are marked, with what to say instead."),
    )
    against_draft = forms.BooleanField(label=_("Check against the draft instead of the published list"), required=False)
