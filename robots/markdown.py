"""Markdown digests cut to the platform's size: a title and lines, split at line boundaries into parts that
each stay under the limit in UTF-8 bytes (a Chinese character is 3 bytes). Each part repeats the title with
its number, "(2/3)", so the group reads them in order; no line is lost, and a single line longer than a
whole message is cut with "…" (never split in the middle of a character)."""

from __future__ import annotations

from dataclasses import dataclass, field

ELLIPSIS = "…"
# Room kept in each part for the " (12/12)" after the title.
NUMBER_ROOM = 16


@dataclass
class Digest:
    """What one robot is told about one event: a title and markdown lines."""

    title: str
    lines: list[str] = field(default_factory=list)


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def cut(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` bytes, with … when shortened."""
    if size(text) <= limit:
        return text
    room = limit - size(ELLIPSIS)
    return text.encode("utf-8")[: max(room, 0)].decode("utf-8", errors="ignore") + ELLIPSIS


def heading(title: str, number: int = 0, count: int = 1) -> str:
    suffix = f" ({number}/{count})" if count > 1 else ""
    return f"#### {title}{suffix}\n"


def split_markdown(digest: Digest, limit: int) -> list[str]:
    """The digest as markdown texts, each at most `limit` bytes."""
    title = cut(digest.title.replace("\n", " "), limit // 4)
    room = limit - size(heading(title)) - NUMBER_ROOM
    groups: list[list[str]] = []
    current: list[str] = []
    used = 0
    for raw in digest.lines or [""]:
        line = cut(raw, room)
        extra = size(line) + (1 if current else 0)
        if current and used + extra > room:
            groups.append(current)
            current, used = [], 0
            extra = size(line)
        current.append(line)
        used += extra
    groups.append(current)
    count = len(groups)
    return [heading(title, n, count) + "\n".join(lines) for n, lines in enumerate(groups, start=1)]
