"""How a user receives reminders: e-mail on or off, and the language they are written in."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from employees.models import Preference

from .services import DEFAULT_LANGUAGE


class NotificationSettingsForm(forms.Form):
    email_reminders = forms.BooleanField(
        label=_("Also send my reminders by e-mail"),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of reminders and e-mails"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )

    @classmethod
    def for_preference(cls, preference: Preference | None, data: QueryDict | None = None) -> NotificationSettingsForm:
        """The form filled with the stored settings, or the defaults when there is no row yet."""
        initial = {
            "email_reminders": preference.email_reminders if preference else True,
            "language": preference.language if preference else DEFAULT_LANGUAGE,
        }
        return cls(data, initial=initial)
