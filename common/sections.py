"""Pages that apps above contribute to: a registry of *section providers*.

A page low in the app stack (the go-live page in ``assessments``, the employee page in ``training``)
cannot import the apps above it, yet those apps have evidence to add (KPIs, quality checks, the
trial-post log, coaching). Each such page owns one ``Sections`` registry; the apps above register a
provider from their ``AppConfig.ready``. A provider takes the page's subject and returns a ``Section``
(a template and its context) or ``None`` when it has nothing to show. Providers run a fixed number of
queries each, so the page's query count stays independent of the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    """One block of a page: its heading, the template that draws it and that template's context.

    ``met`` is the verdict the block gives where it is a requirement (``True``/``False``), ``None`` when
    it only informs.
    """

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    met: bool | None = None


Provider = Callable[..., Section | None]


class Sections:
    """The providers of one page, in the order of their ``Section.order``."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._providers: list[Provider] = []

    def register(self, provider: Provider) -> Provider:
        """Add a provider (once); usable as a decorator."""
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def collect(self, **subject: Any) -> list[Section]:
        found = [section for provider in self._providers if (section := provider(**subject)) is not None]
        return sorted(found, key=lambda section: section.order)
