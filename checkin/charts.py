"""The geometry of the live attendance charts, drawn as SVG by the templates
(no script, no chart library: the live panel's HTML is re-rendered by the
server and swapped in, so the charts follow the counts; SVG presentation
attributes are not inline styles, so the Content-Security-Policy allows them).

Coordinates are in the SVG's own units (its viewBox); it scales to the width
of the page."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bimtek import formatting
from checkin.selectors.attendance import ArrivalBin, CategoryFigures

WIDTH = 600
ARRIVAL_HEIGHT = 150
AXIS = 20  # room for the time labels below the bars
LEFT = 28  # room for the scale on the left
TICK_EVERY = 6  # a time label every 30 minutes


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # what a pointer over the bar shows


@dataclass
class Tick:
    x: float
    label: str


def _time(value, tz) -> str:
    return formatting.format_time(value, tz=tz)


def arrival_chart(bins: list[ArrivalBin], *, tz) -> dict:
    """Bars of check-ins per five minutes, with a time label every half hour
    and a summary for screen readers."""
    plot_width = WIDTH - LEFT
    plot_height = ARRIVAL_HEIGHT - AXIS
    peak = max((b.count for b in bins), default=0)
    scale = max(peak, 1)
    step = plot_width / max(len(bins), 1)
    bars, ticks = [], []
    for i, arrival in enumerate(bins):
        height = plot_height * arrival.count / scale
        span = f"{_time(arrival.starts_at, tz)}–{_time(arrival.ends_at, tz)}"
        bars.append(
            Bar(
                x=round(LEFT + i * step + step * 0.1, 2),
                y=round(plot_height - height, 2),
                width=round(step * 0.8, 2),
                height=round(height, 2),
                value=arrival.count,
                label=f"{span}: {arrival.count}",
            )
        )
        if i % TICK_EVERY == 0:
            ticks.append(Tick(x=round(LEFT + i * step, 2), label=_time(arrival.starts_at, tz)))
    total = sum(b.count for b in bins)
    busiest = max(bins, key=lambda b: b.count) if peak else None
    if busiest is None:
        summary = _("Nobody has been checked in yet.")
    else:
        summary = ngettext(
            "%(total)d check-in; the busiest five minutes, %(start)s–%(end)s, had %(peak)d.",
            "%(total)d check-ins; the busiest five minutes, %(start)s–%(end)s, had %(peak)d.",
            total,
        ) % {
            "total": total,
            "start": _time(busiest.starts_at, tz),
            "end": _time(busiest.ends_at, tz),
            "peak": peak,
        }
    return {
        "width": WIDTH,
        "height": ARRIVAL_HEIGHT,
        "left": LEFT,
        "baseline": plot_height,
        "label_y": ARRIVAL_HEIGHT - 4,
        "bars": bars,
        "ticks": ticks,
        "peak": peak,
        "total": total,
        "summary": summary,
    }


CATEGORY_ROW = 26
CATEGORY_LABEL = 170  # room for the category's name
CATEGORY_VALUE = 70  # room for "12 / 30"


@dataclass
class CategoryBar:
    name: str
    y: float
    text_y: float
    present: int
    expected: int
    expected_width: float
    present_width: float


def category_chart(categories: list[CategoryFigures]) -> dict:
    """One bar per institution category: its length the people expected (all
    bars on one scale), filled by those present."""
    plot_width = WIDTH - CATEGORY_LABEL - CATEGORY_VALUE
    scale = max((c.expected for c in categories), default=0) or 1
    rows = []
    for i, category in enumerate(categories):
        rows.append(
            CategoryBar(
                name=category.name,
                y=i * CATEGORY_ROW + 4,
                text_y=i * CATEGORY_ROW + 17,
                present=category.present,
                expected=category.expected,
                expected_width=round(plot_width * category.expected / scale, 2),
                present_width=round(
                    plot_width * min(category.present, category.expected) / scale, 2
                ),
            )
        )
    return {
        "width": WIDTH,
        "height": max(len(rows), 1) * CATEGORY_ROW,
        "bar_x": CATEGORY_LABEL,
        "bar_height": CATEGORY_ROW - 10,
        "value_x": WIDTH - CATEGORY_VALUE + 6,
        "rows": rows,
    }
