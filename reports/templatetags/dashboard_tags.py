"""Block tags of the dashboards (templates/reports/dashboards/): the frame each card of the grid shares, the card
of a chart (its heading, its box and canvas, or what it says without data), the tables, and the table of figures
folded under each chart.

They wrap markup that stays in the page, translations included, which ``{% include %}`` cannot do: each renders its
partial around the block's content, as an ``{% include ... only %}`` would, with the content as ``content``. Words
they print besides the content (a chart's title, axis, …) are given translated, with ``{% translate ... as name %}``.
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
def dashcard(context: Context, content: SafeString, *, col: str, labelledby: str, title: str = "") -> SafeString:
    """A card of the grid in a column of classes ``col``, named by the heading with the id ``labelledby``: the
    heading ``title``, or without one the content starts with that heading."""
    return _render(
        context, "reports/dashboards/_card.html", content=content, col=col, labelledby=labelledby, title=title
    )


@register.simple_block_tag(takes_context=True)
def chartcard(
    context: Context,
    content: SafeString,
    chart: str,
    *,
    col: str,
    labelledby: str,
    title: str,
    shown: object,
    label: str,
    empty: str,
    note: str = "",
    legend: str = "",
    **data: str,
) -> SafeString:
    """A card of the grid (see ``dashcard``) under the heading ``title``, holding the chart ``chart`` of the page's
    data.

    ``note`` says what the card counts, under the heading. If ``shown`` is true: ``legend`` explains the chart,
    then comes the chart's box, hidden until dashboards.js draws in it (``data-chart`` is ``chart``; every other
    keyword, in its order, is a ``data-`` attribute for the script, ``label_min`` as ``data-label-min``), its canvas
    named ``label`` for screen readers, and the content: the figures (``chartfigures``). Otherwise ``empty`` says
    why there is no chart."""
    attributes = [(name.replace("_", "-"), value) for name, value in data.items()]
    box = _render(context, "reports/dashboards/_chart.html", chart=chart, label=label, data=attributes, figures=content)
    body = _render(
        context, "reports/dashboards/_chart_card.html", box=box, shown=shown, empty=empty, note=note, legend=legend
    )
    return dashcard(context, body, col=col, labelledby=labelledby, title=title)


@register.simple_block_tag(takes_context=True)
def dashtable(context: Context, content: SafeString, table_class: str) -> SafeString:
    """A small table of classes ``table_class`` (its margin and name) that scrolls sideways on a narrow screen;
    the content is its head and body."""
    return _render(context, "reports/dashboards/_table.html", content=content, table_class=table_class)


@register.simple_block_tag(takes_context=True)
def chartfigures(context: Context, content: SafeString, table_class: str, *, small: bool = False) -> SafeString:
    """The figures of the chart just before, as a table (the content: its head and body) that shows without
    JavaScript; dashboards.js folds it away once the chart is drawn. ``small``: in small print."""
    table = dashtable(context, content, f"{'small ' if small else ''}mb-0 {table_class}")
    return _render(context, "reports/dashboards/_chart_figures.html", table=table)
