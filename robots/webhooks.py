"""Reading what HR pastes as a webhook: the full URL or the bare access_token (DingTalk) / key (WeCom).

People paste the whole URL where a key is asked and the key where a URL is asked (WeCom answers 93000
"invalid webhook url"), so both are accepted and stored as the full URL. Only the platforms' own hosts are
accepted, over HTTPS, with the right path; ``settings.ROBOTS_ALLOWED_HOSTS`` may name further hosts (a relay,
a local fake endpoint for tests), which may use plain HTTP and any path but still need the token parameter.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Platform

OFFICIAL = {
    Platform.DINGTALK: ("oapi.dingtalk.com", "/robot/send", "access_token"),
    Platform.WECOM: ("qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "key"),
}
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,200}")


class WebhookError(ValueError):
    pass


def allowed_hosts() -> set[str]:
    return {h.strip().lower() for h in getattr(settings, "ROBOTS_ALLOWED_HOSTS", []) if h.strip()}


def normalise_webhook(platform: str, value: str) -> str:
    """The full webhook URL for what was pasted; raises WebhookError with a message for HR."""
    value = value.strip()
    host, path, param = OFFICIAL[Platform(platform)]
    if not value:
        raise WebhookError(_("Paste the robot's webhook address or its token."))
    if "://" not in value:
        if not TOKEN.fullmatch(value):
            raise WebhookError(_("This is neither a webhook address nor a robot token."))
        return urlunsplit(("https", host, path, urlencode({param: value}), ""))
    parts = urlsplit(value)
    try:
        hostname = (parts.hostname or "").lower()
        port = parts.port
    except ValueError as error:
        raise WebhookError(_("This is neither a webhook address nor a robot token.")) from error
    if parts.username or parts.password:
        raise WebhookError(_("This is neither a webhook address nor a robot token."))
    others = {h for p, (h, _p, _q) in OFFICIAL.items() if p != platform}
    if hostname in others:
        raise WebhookError(_("This address belongs to the other platform: choose it above."))
    if hostname == host:
        if parts.scheme != "https" or port not in (None, 443) or parts.path != path:
            raise WebhookError(_("This is not the robot webhook address the platform gives."))
        netloc = host
    elif hostname in allowed_hosts() and parts.scheme in ("http", "https"):
        netloc = parts.netloc.lower()
        path = parts.path or "/"
    else:
        raise WebhookError(
            _("Only DingTalk (oapi.dingtalk.com) and WeCom (qyapi.weixin.qq.com) addresses are accepted.")
        )
    token = dict(parse_qsl(parts.query)).get(param, "")
    if not TOKEN.fullmatch(token):
        raise WebhookError(_("The address has no valid “%(param)s” parameter.") % {"param": param})
    return urlunsplit((parts.scheme, netloc, path, urlencode({param: token}), ""))
