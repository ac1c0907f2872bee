"""The bell's pages: the list of one's notifications, marking them read, and reminder settings.

Every logged-in user has these pages, whatever their role; each sees and marks only their own
notifications (another user's id is a 404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.models import Preference

from .context_processors import bell_for
from .forms import NotificationSettingsForm
from .permissions import get_notification_for_user, own_notifications
from .services import kind_label, mark_all_read, mark_read, save_preferences

PER_PAGE = 20


def _safe_next(request: HttpRequest, target: str) -> str:
    """`target` if it is a path on this site, otherwise the notification list. (A bare word such as
    "-1" would pass the host check and then be taken by `redirect` for the name of a URL pattern.)"""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("notification_list")


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notifications, newest first, 20 a page."""
    notifications = own_notifications(request.user).order_by("-created_at", "-id")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    for notification in page:
        notification.kind_label = kind_label(notification.kind)  # type: ignore[attr-defined]
    # The bell's count, shared with the navigation bar's bell (one query for both).
    return render(request, "notifications/list.html", {"page": page, "bell": bell_for(request)})


@login_required
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: it counts as read."""
    notification = get_notification_for_user(request.user, pk)
    mark_read(notification=notification)
    return redirect(_safe_next(request, notification.url))


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    mark_read(notification=notification)
    return redirect(_safe_next(request, request.POST.get("next", "")))


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
            % {"count": count},
        )
    return redirect(_safe_next(request, request.POST.get("next", "")))


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """E-mail on or off and the language of reminders; the Preference row is created on first save."""
    preference = Preference.objects.filter(user_id=request.user.pk).first()
    form = NotificationSettingsForm.for_preference(preference, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            save_preferences(
                user=request.user,
                language=form.cleaned_data["language"],
                email_reminders=form.cleaned_data["email_reminders"],
            )
            messages.success(request, _("Your reminder settings were saved."))
            return redirect("notification_settings")
        messages.error(request, _("Nothing was saved: correct the marked fields."))
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
