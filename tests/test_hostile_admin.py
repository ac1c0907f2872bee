"""Every model admin survives hostile query strings and forms: for each registered model, its change list
with oversized searches, filters that are not numbers or are too large, date drill-downs to the end of
the calendar; its add form with hostile values in every field. Any 5xx fails (as the superuser, who sees
every admin; who may see what is tests/test_permissions.py)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.test_hostile_input import forms_of

FILTER_VALUES = ["abc", "99999999999999999999", "²", "-1", "9999-12-31", "1,x"]
FORM_VALUES = ["\x00", "9999-12-31", "0001-01-01", "99999999999999999999", "x" * 10_000, "²", "-1"]


def changelist_queries(model_admin: admin.ModelAdmin) -> list[dict[str, str]]:
    queries = [
        {"q": "客服 " * 20_000},
        {"q": "a" * 100_000},
        {"q": "\x00"},
        {"pk__in": ",".join(str(i) for i in range(5000))},
        {"pk__in": "abc"},
        {"o": "99.-98"},
        {"p": "-1"},
        {"p": "99999999999999999999"},
    ]
    for spec in model_admin.list_filter:
        name = spec if isinstance(spec, str) else spec[0] if isinstance(spec, tuple) else spec.parameter_name
        for value in FILTER_VALUES:
            queries.append({name: value, f"{name}__exact": value, f"{name}__id__exact": value})
    if model_admin.date_hierarchy:
        d = model_admin.date_hierarchy
        queries += [
            {f"{d}__year": "9999", f"{d}__month": "12", f"{d}__day": "31"},
            {f"{d}__year": "9999", f"{d}__month": "12"},
            {f"{d}__year": "9999"},
            {f"{d}__year": "0"},
            {f"{d}__year": "99999999999999999999"},
        ]
    return queries


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_no_hostile_input_makes_a_server_error_in_the_admin(admin_client, world, model):
    admin_client.raise_request_exception = False
    model_admin = admin.site._registry[model]
    info = model._meta.app_label, model._meta.model_name
    failures = []
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    for query in changelist_queries(model_admin):
        status = admin_client.get(changelist, query).status_code
        if status >= 500:
            failures.append(f"{status} GET {changelist} {str(query)[:100]}")
    add = reverse("admin:{}_{}_add".format(*info))
    page = admin_client.get(add)
    if page.status_code == 200:
        form = next(f for f in forms_of(page.content.decode()) if f.method == "post" and f.fields)
        for value in FORM_VALUES:
            status = admin_client.post(add, dict.fromkeys(form.names(), value)).status_code
            if status >= 500:
                failures.append(f"{status} POST {add} every field = {value[:12]!r}")
    assert not failures, "\n".join(failures)
