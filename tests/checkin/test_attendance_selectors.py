"""The live charts' data: the arrival curve (check-ins per five minutes) and
the split by institution category, each at a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import translation

from checkin import charts
from checkin.selectors.attendance import (
    ARRIVAL_BIN,
    MAX_ARRIVAL_BINS,
    CategoryFigures,
    session_arrivals,
    session_figures,
)
from tests import factories

pytestmark = pytest.mark.django_db

OPENS = dt.datetime(2030, 7, 8, 0, 30, tzinfo=dt.UTC)  # 07.30 WIB
CLOSES = dt.datetime(2030, 7, 8, 1, 30, tzinfo=dt.UTC)


@pytest.fixture
def session(event):
    return factories.SessionFactory(event=event, starts_at=OPENS, ends_at=CLOSES)


def _check_in(session, at, *, category="opd"):
    registration = factories.RegistrationFactory(
        event=session.event, participant__institution__category=factories.category(category)
    )
    return factories.CheckInFactory(registration=registration, session=session, checked_in_at=at)


def test_arrivals_are_counted_per_five_minutes_over_the_window(session):
    _check_in(session, OPENS + dt.timedelta(minutes=1))
    _check_in(session, OPENS + dt.timedelta(minutes=4, seconds=59))
    _check_in(session, OPENS + dt.timedelta(minutes=5))
    _check_in(session, OPENS + dt.timedelta(minutes=31))

    bins = session_arrivals(session=session, opens_at=OPENS, closes_at=CLOSES)

    assert len(bins) == 12  # one hour
    assert bins[0].starts_at == OPENS
    assert [b.count for b in bins[:7]] == [2, 1, 0, 0, 0, 0, 1]
    assert bins[-1].ends_at == CLOSES


def test_arrivals_outside_the_window_widen_the_curve(session):
    _check_in(session, OPENS - dt.timedelta(minutes=12))  # an offline scan, before the window
    _check_in(session, CLOSES + dt.timedelta(minutes=2))  # a window opened again later

    bins = session_arrivals(session=session, opens_at=OPENS, closes_at=CLOSES)

    assert bins[0].starts_at == OPENS - dt.timedelta(minutes=15)
    assert bins[-1].starts_at == CLOSES
    assert (bins[0].count, bins[-1].count, sum(b.count for b in bins)) == (1, 1, 2)


def test_a_very_long_span_shows_its_last_hours(session):
    _check_in(session, OPENS - dt.timedelta(days=3))

    bins = session_arrivals(session=session, opens_at=OPENS, closes_at=CLOSES)

    assert len(bins) == MAX_ARRIVAL_BINS
    assert bins[-1].ends_at == CLOSES
    assert all(b.ends_at - b.starts_at == ARRIVAL_BIN for b in bins)


@pytest.mark.parametrize("size", [2, 30])
def test_chart_data_costs_the_same_queries_at_any_size(session, size, django_assert_num_queries):
    for i in range(size):
        _check_in(
            session,
            OPENS + dt.timedelta(minutes=i * 2, seconds=i),
            category=("opd", "perbankan", "bumn")[i % 3],
        )

    with django_assert_num_queries(1):
        bins = session_arrivals(session=session, opens_at=OPENS, closes_at=CLOSES)
    with django_assert_num_queries(2):
        figures = session_figures(session=session)

    assert sum(b.count for b in bins) == size
    assert sum(c.present for c in figures.categories) == size


def test_arrival_chart_scales_bars_to_the_busiest_five_minutes(session):
    for minute in (0, 1, 2, 6):
        _check_in(session, OPENS + dt.timedelta(minutes=minute))
    bins = session_arrivals(session=session, opens_at=OPENS, closes_at=CLOSES)

    with translation.override("id"):
        chart = charts.arrival_chart(bins, tz=session.event.tzinfo)

    first, second = chart["bars"][:2]
    assert (first.value, second.value, chart["peak"], chart["total"]) == (3, 1, 3, 4)
    assert first.height == chart["baseline"]
    assert second.height == pytest.approx(chart["baseline"] / 3, abs=0.01)
    assert first.label == "07.30–07.35: 3"
    assert [tick.label for tick in chart["ticks"]] == ["07.30", "08.00"]
    assert "07.30–07.35" in chart["summary"]


def test_category_chart_puts_every_category_on_one_scale():
    rows = charts.category_chart(
        [
            CategoryFigures(name="OPD", expected=20, present=5),
            CategoryFigures(name="DPRD", expected=10, present=10),
        ]
    )["rows"]

    assert rows[0].expected_width == 2 * rows[1].expected_width
    assert rows[0].present_width == rows[0].expected_width / 4
    assert rows[1].present_width == rows[1].expected_width
