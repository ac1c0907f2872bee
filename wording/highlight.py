"""Marking hits in a text for a page: overlapping hits (全网最低 and 最低价 in 全网最低价) become one marked
stretch that names every word in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .matching import Hit
from .models import Severity


@dataclass(frozen=True)
class Segment:
    text: str
    hits: tuple[Hit, ...] = ()

    @property
    def blocking(self) -> bool:
        return any(h.severity == Severity.BLOCK for h in self.hits)

    @property
    def title(self) -> str:
        return "; ".join(f"{h.word} → {h.replacement}" if h.replacement else h.word for h in self.hits)


def segments(text: str, hits: Sequence[Hit]) -> list[Segment]:
    """``text`` cut into plain and marked stretches, in order."""
    result: list[Segment] = []
    position = 0
    group: list[Hit] = []
    group_end = 0
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if group and hit.start < group_end:
            group.append(hit)
            group_end = max(group_end, hit.end)
            continue
        if group:
            result.append(Segment(text[group[0].start : group_end], tuple(group)))
            position = group_end
        if hit.start > position:
            result.append(Segment(text[position : hit.start]))
        group, group_end = [hit], hit.end
    if group:
        result.append(Segment(text[group[0].start : group_end], tuple(group)))
        position = group_end
    if position < len(text):
        result.append(Segment(text[position:]))
    return result


def highlight_html(text: str, hits: Sequence[Hit]) -> SafeString:
    """The text with its hits in ``<mark>``: red for blocking, yellow for warnings (escaped)."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<mark class="{}" title="{}">{}</mark>',
                    "wording-block" if s.blocking else "wording-warn",
                    s.title,
                    s.text,
                )
                if s.hits
                else s.text,
            )
            for s in segments(text, hits)
        ),
    )
