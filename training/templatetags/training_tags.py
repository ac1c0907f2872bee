from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def safe_html(value: str) -> SafeString:
    """Plan materials are rich text written by staff; keep the formatting, drop scripts and styles."""
    return mark_safe(nh3.clean(value or "", link_rel="noopener noreferrer"))  # noqa: S308


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)
