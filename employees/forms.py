"""The login form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's login form, with the login name's length really checked: AuthenticationForm sets max_length
    on the field after it is made, which adds no validator, so a long name went on to authenticate() and to
    the login throttle's records (a varchar(255) on PostgreSQL) and failed there. Now it is a form error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        assert isinstance(field, forms.CharField)  # UsernameField
        if field.max_length is not None:
            field.validators.append(MaxLengthValidator(field.max_length))
