"""Go-live evidence that the apps above add to the go-live page (KPIs on the trial post, the mentor's
trial-post log, …): they register a provider on ``go_live_sections``; each provider is called with
``enrollment`` and ``viewer`` (the user looking) and returns a ``common.sections.Section`` or ``None``."""

from common.sections import Sections

go_live_sections = Sections("go-live")
