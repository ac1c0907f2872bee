"""Accounts: the page where a login made by HR or a roster import sets its own password first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.http import AuthenticatedHttpRequest

from .middleware import must_set_password, password_set
from .models import Preference


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def set_password(request: AuthenticatedHttpRequest) -> HttpResponse:
    """First login of an imported account: choose a password (no old password: the one-time password was it).
    Anyone else changes their password on the usual page, which asks for the old one."""
    if not must_set_password(request):
        return redirect("password_change")
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        Preference.objects.filter(user=user).update(must_set_password=False)
        update_session_auth_hash(request, user)
        password_set(request)
        messages.success(request, _("Your password is set. Welcome!"))
        return redirect("home")
    return render(request, "registration/set_password.html", {"form": form})
