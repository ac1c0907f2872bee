"""The robot client: DingTalk's signing, the answers read from HTTP 200 bodies, the webhook as pasted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.parse

import httpx
import pytest
import time_machine

from robots import client
from robots.models import Platform, mask_webhook
from robots.webhooks import WebhookError, normalise_webhook
from tests.robots.conftest import DINGTALK_HOOK, SECRET, WECOM_HOOK

# DingTalk's documented example values (timestamp in ms, a SEC… secret).
TS = 1577262236757
KEY = "SECd0a5d3e5b7ea7a3aa5d1e3b5bb6b1d5c1c4c8d8e8a0c7e3c4c4c8d8e8a0c7e3c"


def test_sign_matches_dingtalks_algorithm_computed_by_hand():
    mac = hmac.new(KEY.encode("utf-8"), f"{TS}\n{KEY}".encode(), digestmod=hashlib.sha256).digest()
    expected = urllib.parse.quote_plus(base64.b64encode(mac).decode())
    assert client.sign(KEY, TS) == expected
    url = client.signed_url(DINGTALK_HOOK, KEY, TS)
    assert url.endswith(f"&timestamp={TS}&sign={expected}")
    # The sign is appended already encoded: decoding the query once gives the base64 back (no double encoding).
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["sign"] == [base64.b64encode(mac).decode()]


def test_each_send_is_signed_with_a_fresh_timestamp(platform):
    with time_machine.travel("2026-12-03 08:00:00 +0800", tick=False) as traveller:
        client.post_markdown(platform=Platform.DINGTALK, webhook=DINGTALK_HOOK, secret=SECRET, title="t", text="x")
        traveller.shift(2)
        client.post_markdown(platform=Platform.DINGTALK, webhook=DINGTALK_HOOK, secret=SECRET, title="t", text="x")
    stamps = [r.url.params["timestamp"] for r in platform.requests]
    assert stamps[1] == str(int(stamps[0]) + 2000)
    for request in platform.requests:
        ts = int(request.url.params["timestamp"])
        assert (
            request.url.params["sign"]
            == base64.b64encode(hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(), hashlib.sha256).digest()).decode()
        )
    assert platform.bodies()[0] == {"msgtype": "markdown", "markdown": {"title": "t", "text": "x"}}


def test_wecom_gets_markdown_content_and_no_signature(platform):
    client.post_markdown(platform=Platform.WECOM, webhook=WECOM_HOOK, secret="", title="t", text="**早上好**")
    request = platform.requests[0]
    assert "sign" not in request.url.params
    assert json.loads(request.content) == {"msgtype": "markdown", "markdown": {"content": "**早上好**"}}


@pytest.mark.parametrize(
    ("reply", "ok", "retry", "errcode"),
    [
        ({"errcode": 0, "errmsg": "ok"}, True, False, 0),
        ({"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}, False, True, 130101),
        ({"errcode": 45009, "errmsg": "api freq out of limit"}, False, True, 45009),
        ({"errcode": 310000, "errmsg": "sign not match"}, False, False, 310000),
        ({"errcode": 93000, "errmsg": "invalid webhook url"}, False, False, 93000),
        ({"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}, False, False, 40058),
        (httpx.Response(429), False, True, None),
        (httpx.Response(502), False, True, None),
        (httpx.Response(200, text="<html>proxy</html>"), False, False, None),
    ],
)
def test_the_answer_is_read_from_the_body_of_http_200(platform, reply, ok, retry, errcode):
    platform.replies.append(reply)
    answer = client.post_markdown(platform=Platform.WECOM, webhook=WECOM_HOOK, secret="", title="t", text="x")
    assert (answer.ok, answer.retry, answer.errcode) == (ok, retry, errcode)


def test_a_network_error_is_retried_and_its_text_never_holds_the_token():
    answer = client.post_markdown(platform=Platform.WECOM, webhook=WECOM_HOOK, secret="", title="t", text="x")
    assert answer.retry and not answer.ok
    assert "key" not in answer.errmsg and "693a91f6" not in answer.errmsg


@pytest.mark.parametrize(
    ("platform", "pasted", "expected"),
    [
        ("dingtalk", DINGTALK_HOOK, DINGTALK_HOOK),
        ("dingtalk", "a1" * 32, DINGTALK_HOOK),
        ("dingtalk", f"  {DINGTALK_HOOK}&timestamp=1&sign=x ", DINGTALK_HOOK),
        ("wecom", WECOM_HOOK, WECOM_HOOK),
        ("wecom", "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", WECOM_HOOK),
    ],
)
def test_a_full_url_or_a_bare_token_is_accepted(platform, pasted, expected):
    assert normalise_webhook(platform, pasted) == expected


@pytest.mark.parametrize(
    ("platform", "pasted"),
    [
        ("dingtalk", WECOM_HOOK),
        ("dingtalk", "http://oapi.dingtalk.com/robot/send?access_token=" + "a1" * 32),
        ("dingtalk", "https://evil.example.com/robot/send?access_token=" + "a1" * 32),
        ("dingtalk", "https://oapi.dingtalk.com.evil.example/robot/send?access_token=" + "a1" * 32),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send"),
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<script>"),
        ("wecom", "http://127.0.0.1:8080/send?key=abcdefgh12"),
        ("wecom", "not a url at all"),
    ],
)
def test_other_hosts_and_broken_addresses_are_refused(platform, pasted):
    with pytest.raises(WebhookError):
        normalise_webhook(platform, pasted)


def test_a_host_named_in_the_settings_may_be_a_local_fake(settings):
    settings.ROBOTS_ALLOWED_HOSTS = [*settings.ROBOTS_ALLOWED_HOSTS, "127.0.0.1"]
    assert normalise_webhook("wecom", "http://127.0.0.1:8080/send?key=abcdefgh12") == (
        "http://127.0.0.1:8080/send?key=abcdefgh12"
    )


def test_the_token_is_masked():
    assert mask_webhook(DINGTALK_HOOK) == "https://oapi.dingtalk.com/robot/send?access_token=a1a1••••"
