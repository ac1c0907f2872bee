"""A small httpx client for DingTalk custom robots and WeCom group robots (no SDK).

DingTalk: ``POST https://oapi.dingtalk.com/robot/send?access_token=…``; with 加签, ``&timestamp=&sign=`` where
``sign = quote_plus(b64(HMAC_SHA256(secret, f"{ts}\\n{secret}")))`` and ``ts`` is now in milliseconds, fresh
for every send (a timestamp computed once and reused is the classic cause of errcode 310000).
WeCom: ``POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…``.

Both answer HTTP 200 with ``{"errcode": …, "errmsg": …}``: the errcode decides. 0 is delivered; 130101
(DingTalk, too fast), 45009 (WeCom, too often) and HTTP 429 are rate limits, retried later; HTTP 5xx and
network errors are retried too; anything else (310000 sign, 93000 invalid webhook, 40058 too long, …) fails
with the platform's message for HR to read. The webhook URL carries the robot's token: it is never logged,
and error texts never include it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from urllib.parse import quote_plus

import httpx

from .models import Platform

# httpx logs every request's URL at INFO; the URL holds the robot's token.
logging.getLogger("httpx").setLevel(logging.WARNING)

# Size limits of the markdown text, in UTF-8 bytes. WeCom documents 4096 (errcode 40058 above it); we keep a
# margin. DingTalk documents none for markdown; 20,000 bytes is a safe limit that long digests stay under.
LIMITS: dict[str, int] = {Platform.WECOM: 4000, Platform.DINGTALK: 20_000}
RATE_LIMIT_CODES = {130101, 45009}
TIMEOUT = 5.0
TEST_TIMEOUT = 5.0

# Tests put an httpx.MockTransport here; None is the real network.
transport: httpx.BaseTransport | None = None


@dataclass(frozen=True)
class Answer:
    """What the platform said: ok, or retry later, or failed; with its errcode and errmsg."""

    ok: bool
    retry: bool
    errcode: int | None
    errmsg: str
    http_status: int | None = None


def sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: the URL-encoded base64 HMAC-SHA256 of "timestamp\\nsecret", keyed by the secret."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def signed_url(webhook: str, secret: str, timestamp_ms: int | None = None) -> str:
    """The webhook with ``&timestamp=&sign=`` appended (the sign is already URL-encoded: appended as is)."""
    ts = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    joiner = "&" if "?" in webhook else "?"
    return f"{webhook}{joiner}timestamp={ts}&sign={sign(secret, ts)}"


def markdown_payload(platform: str, *, title: str, text: str) -> dict[str, object]:
    if platform == Platform.DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def post_markdown(
    *, platform: str, webhook: str, secret: str, title: str, text: str, timeout: float = TIMEOUT
) -> Answer:
    """Send one markdown message and classify the answer. Never raises for network trouble."""
    url = signed_url(webhook, secret) if platform == Platform.DINGTALK and secret else webhook
    body = json.dumps(markdown_payload(platform, title=title, text=text), ensure_ascii=False).encode()
    try:
        with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False) as client:
            response = client.post(url, content=body, headers={"Content-Type": "application/json; charset=utf-8"})
    except httpx.TimeoutException:
        return Answer(ok=False, retry=True, errcode=None, errmsg="timeout")
    except httpx.HTTPError as error:
        # The exception's text may hold the URL: only its kind is kept.
        return Answer(ok=False, retry=True, errcode=None, errmsg=type(error).__name__)
    return read_answer(response)


def read_answer(response: httpx.Response) -> Answer:
    status = response.status_code
    if status == 429:
        return Answer(ok=False, retry=True, errcode=None, errmsg="HTTP 429", http_status=status)
    if status >= 500:
        return Answer(ok=False, retry=True, errcode=None, errmsg=f"HTTP {status}", http_status=status)
    if status != 200:
        return Answer(ok=False, retry=False, errcode=None, errmsg=f"HTTP {status}", http_status=status)
    try:
        data = response.json()
        errcode = int(data.get("errcode"))
        errmsg = str(data.get("errmsg", ""))[:400]
    except (ValueError, TypeError, AttributeError):
        return Answer(ok=False, retry=False, errcode=None, errmsg=response.text[:200], http_status=status)
    if errcode == 0:
        return Answer(ok=True, retry=False, errcode=0, errmsg=errmsg, http_status=status)
    return Answer(ok=False, retry=errcode in RATE_LIMIT_CODES, errcode=errcode, errmsg=errmsg, http_status=status)
