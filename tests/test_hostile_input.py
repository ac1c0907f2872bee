"""Hostile input never makes a 500: for every URL row of the permission matrix and every persona who
may reach it, GET it with hostile query strings and with hostile values in its URL, then fill every
form the page renders (inputs, selects, textareas, parsed from the HTML) with hostile values and send
it, and send hostile and malformed bodies to the POST-only URLs. Any 5xx fails, with the request that
caused it.

One pass of a handful of values: every value once into all fields together, then each field alone with
one value in turn (the others keep what the page rendered), so a field that breaks only when the rest
of the form is valid is found too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import login_as
from tests.test_permissions import MATRIX

HOSTILE = [
    "\x00",
    "9999-12-31",
    "0001-01-01",
    "-1",
    "99999999999999999999",
    "１２",
    "x" * 10_000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "😀亲，在吗",
    "a\x00b",
    "²",
]
# Query-string names the portal's pages read (and a few that they do not), sent on every GET.
QUERY_KEYS = ["d", "page", "q", "on", "since", "until", "week_start", "cohort", "employee", "status", "kind", "o"]
# Field names the POST-only URLs read (their forms live on other pages or in scripts).
POST_KEYS = [*QUERY_KEYS, "value", "order", "text", "action", "typed", "token", "next", "seq", "reason"]
# Forms whose sending would end the session the rest of the pass needs.
SKIP_ACTIONS = {"/accounts/logout/"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)

    def rendered(self) -> dict[str, list[str]]:
        """What a browser would send untouched."""
        data: dict[str, list[str]] = {}
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
            elif (
                f.kind in ("submit", "button", "image", "reset", "file") or f.kind == "select-multiple" and not f.value
            ):
                continue
            else:
                data.setdefault(f.name, []).append(f.value)
        return data

    def names(self) -> list[str]:
        return list(dict.fromkeys(f.name for f in self.fields if f.kind not in ("submit", "button", "reset", "image")))


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(method=(a.get("method") or "get").lower(), action=a.get("action", "")))
            return
        if not self.forms or not a.get("name") and tag != "option":
            return
        form = self.forms[-1]
        if tag == "input":
            form.fields.append(
                Field(a["name"], (a.get("type") or "text").lower(), a.get("value", ""), checked="checked" in a)
            )
        elif tag == "select":
            self._select = Field(a["name"], "select-multiple" if "multiple" in a else "select")
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            first = not self._select.options[:-1] and self._select.kind == "select"
            if "selected" in a or first:
                self._select.value = a.get("value", "")
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            form.fields.append(self._textarea)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def hostile_urls(name: str, kwargs: dict | None) -> Iterator[str]:
    """The row's URL with each argument replaced by a hostile one the URL pattern still accepts."""
    if not kwargs:
        return
    for key, value in kwargs.items():
        if isinstance(value, int):
            candidates = ["99999999999999999999", "9223372036854775808", "0"]
        else:
            candidates = ["9999-12-31", "0001-01-01", "2026-02-30", "x" * 300, "%00"]
        for candidate in candidates:
            try:
                yield reverse(name, kwargs={**kwargs, key: candidate})
            except Exception:  # noqa: BLE001, S112 - the pattern refuses it: nothing to send
                continue


FAILURES: list[str] = []
FUZZED_ELSEWHERE: set[tuple] = set()


def check(response, what: str) -> None:
    """Note a 5xx and go on, so that one run lists every request that failed."""
    if response.status_code >= 500:
        FAILURES.append(f"{response.status_code} on {what}")


def send(client: Client, method: str, url: str, data: dict[str, list[str] | str], what: str) -> None:
    if method == "post":
        check(client.post(url, data), f"POST {url} {what}")
    else:
        check(client.get(url, data), f"GET {url} {what}")


def fuzz_form(client: Client, form: Form, page_url: str, *, field_by_field: bool = True) -> None:
    target = urlsplit(form.action).path or page_url
    if target in SKIP_ACTIONS or form.action.startswith(("http://", "https://")) and "testserver" not in form.action:
        return
    names = form.names()
    if not names:
        send(client, form.method, target, {}, "(empty form)")
        return
    files = {f.name for f in form.fields if f.kind == "file"}
    rendered = form.rendered()
    for value in HOSTILE:
        data: dict = dict.fromkeys(names, value)
        for n in files:
            data[n] = SimpleUploadedFile("hostile.xlsx", value.encode() + b"PK\x03\x04")
        send(client, form.method, target, data, f"every field = {value[:20]!r}")
    for i, n in enumerate(names if field_by_field else []):
        if n in files:
            continue
        value = HOSTILE[i % len(HOSTILE)]
        send(client, form.method, target, {**rendered, n: value}, f"{n} = {value[:20]!r}")


def fuzz_post_only(client: Client, url: str) -> None:
    for value in HOSTILE:
        check(client.post(url, dict.fromkeys(POST_KEYS, value)), f"POST {url} every key = {value[:20]!r}")
    for body in ('{"order": ', '{"order": "\\u0000", "value": [1, {}]}', "[]", "\x00", "null"):
        check(client.post(url, body, content_type="application/json"), f"POST {url} JSON {body!r}")


def personas_with_access(expected: dict[str, int]) -> list[str]:
    return [p for p, status in expected.items() if status in (200, 405) or (status == 302 and p != "anonymous")]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(("name", "make_kwargs", "expected"), MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
def test_no_hostile_input_makes_a_server_error(client, world, name, make_kwargs, expected):
    client.raise_request_exception = False
    FAILURES.clear()
    kwargs = make_kwargs(world) if make_kwargs else None
    url = reverse(name, kwargs=kwargs)
    fields_done: set[tuple] = set()
    for persona in personas_with_access(expected):
        client.logout()
        login_as(client, world, persona)
        for value in HOSTILE:
            check(client.get(url, dict.fromkeys(QUERY_KEYS, value)), f"{persona} GET {url} ?…={value[:20]!r}")
        for bad_url in hostile_urls(name, kwargs):
            check(client.get(bad_url), f"{persona} GET {bad_url}")
            check(client.post(bad_url, dict.fromkeys(POST_KEYS, "1")), f"{persona} POST {bad_url}")
        response = client.get(url)
        check(response, f"{persona} GET {url}")
        if expected[persona] == 405:
            fuzz_post_only(client, url)
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            seen: set[tuple] = set()
            for form in forms_of(response.content.decode()):
                # A form that posts elsewhere (the language switch, the bell on every page) is sent once
                # per persona in the whole run, not on every row: the pass must stay short.
                target = urlsplit(form.action).path or url
                key = (persona, form.method, target, tuple(form.names()))
                done = FUZZED_ELSEWHERE if target != url else seen
                if key in done:
                    continue
                done.add(key)
                # Field by field once per form, whoever sees it; every field at once for each persona.
                fuzz_form(client, form, url, field_by_field=key[1:] not in fields_done)
                fields_done.add(key[1:])
                if persona != "anonymous" and not client.session.get("_auth_user_id"):
                    login_as(client, world, persona)  # a form ended the session (e.g. a password change)
    assert not FAILURES, "\n".join(FAILURES)


def test_the_form_parser_reads_every_kind_of_field():
    """The fuzzing above is only as good as the parser that finds the fields."""
    html = """
    <form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="a" value="1"><input type="checkbox" name="b" value="on" checked>
      <input type="checkbox" name="c" value="3"><input type="radio" name="r" value="1">
      <select name="s"><option value="">-</option><option value="7" selected>7</option></select>
      <select name="m" multiple><option value="1">1</option></select>
      <textarea name="t">hello</textarea><input type="file" name="f"><button name="go">Go</button>
    </form><form><input name="q"></form>"""
    post, get = forms_of(html)
    assert (post.method, post.action, get.method) == ("post", "/x/", "get")
    assert post.names() == ["csrfmiddlewaretoken", "a", "b", "c", "r", "s", "m", "t", "f"]
    assert post.rendered() == {"csrfmiddlewaretoken": ["t"], "a": ["1"], "b": ["on"], "s": ["7"], "t": ["hello"]}
    assert re.fullmatch(r"/cohorts/\d+/", next(hostile_urls("cohort_detail", {"pk": 1})))
