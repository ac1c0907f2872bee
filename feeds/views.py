"""The calendar feed (``/cal/<token>.ics``, for calendar apps, no login) and each person's "My calendar" page
with the address to subscribe to and the button that replaces it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.http import AuthenticatedHttpRequest
from employees.models import Preference

from . import ical
from .events import events_for
from .models import FeedToken, token_digest
from .permissions import get_feed
from .services import note_fetch, rotate_token, token_for
from .throttling import fetch_allowed


def _language_of(user_id: int) -> str:
    chosen = Preference.objects.filter(user_id=user_id).values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's events as iCalendar. Read-only, no session and no cookie: the request is answered from the
    token alone, in the owner's language."""
    if not fetch_allowed(token_digest(token)):
        response = HttpResponse(_("Too many requests for this calendar. Try again in an hour."), status=429)
        response["Retry-After"] = "3600"
        return response
    owner = get_feed(token)
    note_fetch(feed=owner)
    user = owner.user
    with translation.override(_language_of(user.pk)):
        name = _("Training · %(name)s") % {"name": user.get_full_name() or user.get_username()}
        body = ical.render(events_for(user, timezone.localdate()), name=name, owner_id=user.pk, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="training.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _addresses(request: HttpRequest, feed: FeedToken) -> dict[str, str]:
    https = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": feed.token}))
    return {"feed_url": https, "webcal_url": "webcal://" + https.split("://", 1)[1]}


def _how_to() -> list[tuple[str, str, list[str]]]:
    """Subscribing, step by step, in the calendar apps staff use in China."""
    copy = _("Copy the address above.")
    return [
        (
            "dingtalk",
            _("DingTalk calendar (钉钉日历)"),
            [
                copy,
                _("In DingTalk on a computer, open Calendar (日历)."),
                _("Beside your calendar list choose Subscribe to calendar (订阅日历), paste the address and confirm."),
            ],
        ),
        (
            "wecom",
            _("WeCom calendar (企业微信日历)"),
            [
                copy,
                _("In WeCom, open Schedule (日程) and its settings."),
                _("Add a subscribed calendar (订阅日历) by link, paste the address and save."),
                _("If your WeCom has no such option, subscribe in your phone's own calendar instead (below)."),
            ],
        ),
        (
            "apple",
            _("iPhone and iPad"),
            [
                _("Open this page on the iPhone or iPad, tap “Subscribe on this iPhone, iPad or Mac”, then Subscribe."),
                _(
                    "Or: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar; paste the "
                    "address, tap Next, then Save."
                ),
            ],
        ),
        (
            "outlook",
            _("Outlook"),
            [
                copy,
                _(
                    "Outlook on the web or the new Outlook: Calendar → Add calendar → Subscribe from web; paste the "
                    "address, give it a name and choose Import."
                ),
                _("Classic Outlook for Windows: Home → Add Calendar → From Internet; paste the address and choose OK."),
            ],
        ),
        (
            "google",
            _("Google Calendar and Android"),
            [
                copy,
                _("On a computer open Google Calendar; beside Other calendars choose + → From URL."),
                _(
                    "Paste the address and choose Add calendar. Android phones signed in to the same Google account "
                    "show it too."
                ),
            ],
        ),
    ]


@login_required
def my_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The secret address with copy and rotate buttons, and how to subscribe in each calendar app."""
    feed = token_for(user=request.user)
    context = {"feed": feed, "apps": _how_to(), **_addresses(request, feed)}
    return render(request, "feeds/my_calendar.html", context)


@login_required
@require_POST
def rotate(request: AuthenticatedHttpRequest) -> HttpResponse:
    rotate_token(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. Calendars subscribed to the old one get nothing more: subscribe again."),
    )
    return redirect("my_calendar")
