"""Input no view can use is refused at the door, once for every URL, rather than in each view.

- NUL (U+0000) in the path, the query string, a posted field or its name, an uploaded file's name, or
  a JSON body: PostgreSQL stores it in neither text nor JSON, so it would fail deep in a view as a 500
  (SQLite keeps it, which is worse). No field of the portal has a use for it. The answer is a 400 that
  says why, as a page or, to a script, as JSON ``{"saved": false, "error": …}``.
- A number in the URL (``<int:pk>``) that no database column can hold: a 404, as for any id that does
  not exist, instead of an overflow in the query.

Django's forms already refuse NUL in a CharField; this covers what forms never see (query strings read
by hand, admin search, JSON, custom parsing) with one rule, so a new view is covered without thought.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# The range of a signed 64-bit column (BigAutoField), the widest id the portal has.
ID_RANGE = range(-(2**63), 2**63)
NUL = "\x00"


def _strings(request: HttpRequest) -> Iterable[str]:
    yield request.path_info
    for key, values in request.GET.lists():
        yield key
        yield from values
    if request.method in ("POST", "PUT", "PATCH"):
        for key, values in request.POST.lists():
            yield key
            yield from values
        for key, files in request.FILES.lists():
            yield key
            yield from (f.name or "" for f in files)


def carries_nul(request: HttpRequest) -> bool:
    if any(NUL in s for s in _strings(request)):
        return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/json":
        return b"\x00" in request.body or b"\\u0000" in request.body
    return False


def wants_json(request: HttpRequest) -> bool:
    """A script's request (fetch) rather than a page the person navigates to."""
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.content_type == "application/json"
        or request.headers.get("Sec-Fetch-Mode") in ("cors", "same-origin")
    )


def refuse(request: HttpRequest, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"saved": False, "error": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class RefuseUnusableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            return refuse(
                request,
                _(
                    "What you sent contains a NUL character (often pasted in with text from another program). "
                    "No field accepts it: remove it and send again."
                ),
            )
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and value not in ID_RANGE:
                raise Http404
