"""Block tags of the dashboards (templates/reports/dashboards/): the frame each card of the grid shares, and the
table of figures folded under each chart.

They wrap markup that stays in the page, translations included, which ``{% include %}`` cannot do: each renders its
partial around the block's content, as an ``{% include ... only %}`` would, with the content as ``content``.
"""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

register = template.Library()


def _render(context: Context, template_name: str, **values: object) -> SafeString:
    assert context.template is not None  # set while a template renders, which is when block tags run
    return context.template.engine.get_template(template_name).render(context.new(values))


@register.simple_block_tag(takes_context=True)
def dashcard(context: Context, content: SafeString, *, col: str, labelledby: str) -> SafeString:
    """A card of the grid in a column of classes ``col``, named by the heading with the id ``labelledby``
    (the content starts with that heading)."""
    return _render(context, "reports/dashboards/_card.html", content=content, col=col, labelledby=labelledby)


@register.simple_block_tag(takes_context=True)
def chartfigures(context: Context, content: SafeString, table_class: str, *, small: bool = False) -> SafeString:
    """The figures of the chart just before, as a table (the content: its head and body) that shows without
    JavaScript; dashboards.js folds it away once the chart is drawn. ``small``: in small print."""
    return _render(
        context, "reports/dashboards/_chart_figures.html", content=content, table_class=table_class, small=small
    )
