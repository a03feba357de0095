import datetime as dt
import zoneinfo

import pytest
from django.utils import translation

from bimtek import formatting

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("start", "end", "indonesian", "english"),
    [
        (dt.date(2019, 7, 8), dt.date(2019, 7, 9), "8 s.d. 9 Juli 2019", "8–9 July 2019"),
        (dt.date(2019, 7, 8), dt.date(2019, 7, 8), "8 Juli 2019", "8 July 2019"),
        (
            dt.date(2026, 2, 27),
            dt.date(2026, 3, 2),
            "27 Februari s.d. 2 Maret 2026",
            "27 February – 2 March 2026",
        ),
        (
            dt.date(2026, 12, 31),
            dt.date(2027, 1, 1),
            "31 Desember 2026 s.d. 1 Januari 2027",
            "31 December 2026 – 1 January 2027",
        ),
    ],
)
def test_date_ranges_are_written_the_indonesian_way(start, end, indonesian, english):
    assert formatting.format_date_range(start, end, lang="id") == indonesian
    assert formatting.format_date_range(start, end, lang="en") == english


def test_dates_carry_indonesian_day_names():
    assert formatting.format_date(dt.date(2019, 7, 8), lang="id") == "Senin, 8 Juli 2019"
    assert formatting.format_date(dt.date(2026, 11, 27), lang="id") == "Jumat, 27 November 2026"
    assert formatting.format_date(dt.date(2019, 7, 8), lang="en") == "Monday, 8 July 2019"


def test_time_ranges_use_a_dot_and_the_zone():
    start = dt.datetime(2019, 7, 8, 1, 0, tzinfo=dt.UTC)  # 08.00 WIB
    end = dt.datetime(2019, 7, 8, 3, 30, tzinfo=dt.UTC)

    assert formatting.format_time_range(start, end, tz=WIB, lang="id") == "08.00–10.30 WIB"
    assert formatting.format_time_range(start, end, tz="Asia/Makassar", lang="id") == (
        "09.00–11.30 WITA"
    )
    assert formatting.format_time_range(start, end, tz="Asia/Jayapura", lang="en") == (
        "10:00–12:30 WIT"
    )


def test_formatting_follows_the_active_language():
    with translation.override("en"):
        assert formatting.format_date(dt.date(2019, 7, 8), weekday=False) == "8 July 2019"
    with translation.override("id"):
        assert formatting.format_date(dt.date(2019, 7, 8), weekday=False) == "8 Juli 2019"
