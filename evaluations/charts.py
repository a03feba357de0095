"""The geometry of the results' bar charts, drawn as SVG by the templates
(no script, no chart library; SVG presentation attributes are not inline
styles, so the Content-Security-Policy allows them) and by the PDF summary
(reportlab) from the same numbers. Coordinates are in the SVG's own units
(its viewBox); it scales to the width of the page."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

WIDTH = 600
ROW = 26
LABEL = 220  # room for the labels on the left
VALUE = 60  # room for the figure on the right
FONT = 12  # the labels' font size, in the viewBox's units
LABEL_ROOM = LABEL - 10  # the label's text ends 6 units before the bar
ELLIPSIS = "…"


def _char_width(char: str) -> float:
    """A generous estimate of a character's width at ``FONT`` in a sans-serif
    face (no font metrics on the server): wide capitals and digits count more."""
    if char in "mwMW@":
        return FONT * 0.9
    if char.isupper() or char.isdigit() or char in "%&#":
        return FONT * 0.7
    if char in "ijlft.,:;'|!()[] ":
        return FONT * 0.32
    return FONT * 0.56


def text_width(text: str) -> float:
    return sum(_char_width(char) for char in text)


def fit_label(text: str, room: float = LABEL_ROOM) -> str:
    """``text`` as it fits ``room`` units: whole, or cut at the end with an
    ellipsis (the chart keeps the whole text in a ``<title>``)."""
    text = " ".join(text.split())
    if text_width(text) <= room:
        return text
    room -= _char_width(ELLIPSIS)
    used, end = 0.0, 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > room:
            break
        end = index + 1
    return text[:end].rstrip() + ELLIPSIS


def format_value(value, unit: str = "") -> str:
    """A figure as the active language writes it (Indonesian: 100,0)."""
    if isinstance(value, float | Decimal):
        return f"{number_format(value, decimal_pos=1)}{unit}"
    return f"{number_format(value)}{unit}"


@dataclass(frozen=True)
class HBar:
    y: float
    width: float
    label: str  # as it fits the room on the left
    full_label: str
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
        bars.append(
            HBar(
                y=index * ROW + 4,
                width=round(width, 1),
                label=fit_label(label),
                full_label=" ".join(label.split()),
                value=format_value(value, unit),
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
            suffix = f" · {name}"
            rows.append(
                (
                    fit_label(topic.label, LABEL_ROOM - text_width(suffix)) + suffix,
                    float(percent) if percent is not None else 0.0,
                    after,
                )
            )
    return bar_chart(rows, maximum=100, unit="%")
