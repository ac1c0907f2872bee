"""The upload form of the question import (the checks themselves live in question_import)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .question_import import XLSX_CONTENT_TYPE


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx, .xls, .ods)"),
        # An empty file gets the importer's own message, like every other unreadable file.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": f".xlsx,.xls,.ods,{XLSX_CONTENT_TYPE}"}),
    )
