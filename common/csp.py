"""Content-Security-Policy on every response (Django 5.2 has none built in).

The portal's pages load scripts, styles, fonts and images only from their own origin (``static/``,
front-end libraries vendored, no CDN) and have no inline script: page data travels in ``json_script``
blocks (``type="application/json"``, never run) and ``data-`` attributes. So the policy allows scripts
and style sheets from ``'self'`` only, no ``eval``, no plugins, no framing, forms posting only to the
portal. Two allowances, each for something the pages really use:

- ``img-src data:``: Bootstrap's CSS draws its check marks and select arrows as ``data:`` SVG images.
- ``style-src-attr 'unsafe-inline'``: ``style=""`` attributes in templates (page widths, and the widths
  of progress bars computed by the server). A style attribute cannot run script; inline ``<style>``
  elements stay forbidden (``style-src-elem`` is ``'self'``).

A view may set its own policy (the plan materials send ``UPLOAD_POLICY``); this middleware then
leaves it alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CSP_HEADER = "Content-Security-Policy"

PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-elem 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# For files people uploaded, served as downloads: nothing may load or run, and should a browser render
# the file anyway, it is sandboxed into an origin of its own (no cookies, no script).
UPLOAD_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


class ContentSecurityPolicyMiddleware:
    """Adds ``PAGE_POLICY`` to every response that has no policy of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if CSP_HEADER not in response:
            response[CSP_HEADER] = PAGE_POLICY
        return response
