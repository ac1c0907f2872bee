"""The portal's admin site: Django's, with the admin's query strings and date fields kept to what the
database and date arithmetic can take.

- The search box (``?q=``) takes at most ``MAX_SEARCH_CHARS`` characters and ``MAX_SEARCH_TERMS`` words:
  the admin ORs every word over every search field, and 100 KB of words is a query SQLite refuses and
  PostgreSQL spends seconds on.
- The date drill-down (``?<field>__year=…&__month=…&__day=…``) takes a year up to 9998: Django computes
  the end of the period by adding a day, a month or a year, which overflows after 9999-12-31.
- Any other parameter that is a whole number (or a comma-separated list of them, ``?pk__in=``) must fit
  a 64-bit column: SQLite cannot even compare a bigger one.

Such a request gets a 400 page that says which limit it broke. Every date field of every model admin
registered here refuses a date outside ``common.dates.EARLIEST``–``LATEST`` (e.g. a holiday on
9999-12-31, which would overflow when the cohorts around it are rescheduled).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.text import smart_split
from django.utils.translation import gettext as _

from common.dates import validate_in_range
from common.middleware import ID_RANGE

MAX_SEARCH_CHARS = 200
MAX_SEARCH_TERMS = 10
LATEST_DRILL_DOWN_YEAR = 9998
NUMBERS = re.compile(r"[0-9]+(,[0-9]+)*")
ViewType = TypeVar("ViewType", bound=Callable[..., HttpResponseBase])


def query_problem(request: HttpRequest) -> str | None:
    """What is wrong with the admin page's query string, in the user's language; None if nothing."""
    for key, values in request.GET.lists():
        for value in values:
            if key == "q":
                if len(value) > MAX_SEARCH_CHARS or len(list(smart_split(value))) > MAX_SEARCH_TERMS:
                    return _("Search for at most %(chars)s characters and %(terms)s words.") % {
                        "chars": MAX_SEARCH_CHARS,
                        "terms": MAX_SEARCH_TERMS,
                    }
            elif key.endswith(("__year", "__month", "__day")):
                if not (value.isascii() and value.isdigit() and 1 <= int(value) <= LATEST_DRILL_DOWN_YEAR):
                    return _("This date is outside the range the admin can show.")
            elif NUMBERS.fullmatch(value) and any(int(n) not in ID_RANGE for n in value.split(",")):
                return _("%(value)s is too large a number to look up.") % {"value": value[:30]}
    return None


class PortalAdminSite(admin.AdminSite):
    def admin_view(self, view: ViewType, cacheable: bool = False) -> ViewType:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            problem = query_problem(request)
            if problem is not None:
                context = {**self.each_context(request), "title": _("Cannot show this page"), "message": problem}
                return TemplateResponse(request, "admin/bad_request.html", context, status=400)
            return view(request, *args, **kwargs)

        return super().admin_view(cast(ViewType, guarded), cacheable)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        super().register(model_or_iterable, admin_class, **options)
        models_ = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        for model in models_:
            # ModelAdmin.__init__ made this a fresh dict of its own (Django's defaults and the class's own).
            overrides = cast(dict[type, dict[str, Any]], self._registry[model].formfield_overrides)
            for field_class in (models.DateField, models.DateTimeField):
                options_ = overrides.setdefault(field_class, {})
                options_["validators"] = [*options_.get("validators", []), validate_in_range]
