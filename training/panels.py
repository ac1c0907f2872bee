"""Blocks that the apps above add to HR's employee page (certifications, KPIs, quality checks,
coaching, rewards and penalties): they register a provider on ``employee_sections``; each provider is
called with ``employee`` and ``viewer`` and returns a ``common.sections.Section`` or ``None``."""

from common.sections import Sections

employee_sections = Sections("employee")
