"""The geometry of the results' bar charts, drawn as SVG by the templates
(no script, no chart library; SVG presentation attributes are not inline
styles, so the Content-Security-Policy allows them) and by the PDF summary
(reportlab) from the same numbers. Coordinates are in the SVG's own units
(its viewBox); it scales to the width of the page."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 600
ROW = 26
LABEL = 220  # room for the labels on the left
VALUE = 60  # room for the figure on the right


@dataclass(frozen=True)
class HBar:
    y: float
    width: float
    label: str
    value: str
    highlight: bool  # a test's correct answer
    value_x: float


def bar_chart(
    rows: list[tuple[str, float, bool]], *, maximum: float | None = None, unit: str = ""
) -> dict:
    """Horizontal bars: ``rows`` of (label, value, highlight)."""
    top = maximum if maximum is not None else max((value for _l, value, _h in rows), default=0)
    span = WIDTH - LABEL - VALUE
    bars = []
    for index, (label, value, highlight) in enumerate(rows):
        width = span * float(value) / float(top) if top else 0
        shown = f"{value:.1f}{unit}" if isinstance(value, float) else f"{value}{unit}"
        bars.append(
            HBar(
                y=index * ROW + 4,
                width=round(width, 1),
                label=label if len(label) <= 34 else label[:33] + "…",
                value=shown,
                highlight=highlight,
                value_x=round(LABEL + width + 6, 1),
            )
        )
    return {
        "width": WIDTH,
        "height": len(rows) * ROW + 8,
        "label_x": LABEL - 6,
        "bar_x": LABEL,
        "bar_height": ROW - 8,
        "bars": bars,
    }


def gain_chart(pre: Decimal | None, post: Decimal | None) -> dict:
    """The averages of the pre- and post-test, out of 100."""
    from django.utils.translation import gettext as _

    rows = []
    if pre is not None:
        rows.append((_("Pre-test"), float(pre), False))
    if post is not None:
        rows.append((_("Post-test"), float(post), True))
    return bar_chart(rows, maximum=100)


def pre_post_chart(topics) -> dict:
    """Per topic (or question) the share of right answers before and after,
    out of 100: two bars each, the post-test's green."""
    from django.utils.translation import gettext as _

    rows = []
    for topic in topics:
        for name, tally, after in ((_("pre"), topic.pre, False), (_("post"), topic.post, True)):
            percent = tally.percent
            rows.append(
                (
                    f"{topic.label[:26]} · {name}",
                    float(percent) if percent is not None else 0.0,
                    after,
                )
            )
    return bar_chart(rows, maximum=100, unit="%")
