"""The upload form of the roster import (the checks themselves live in employees.roster)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .roster import XLSX_CONTENT_TYPE


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster (.xlsx, .xls, .ods)"),
        # An empty file gets the importer's own message, like every other unreadable file.
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": f".xlsx,.xls,.ods,{XLSX_CONTENT_TYPE}"}),
    )
