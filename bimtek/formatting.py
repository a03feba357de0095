"""Dates and times written the way Indonesian offices write them.

"Senin, 8 Juli 2019", "8 s.d. 9 Juli 2019", "08.00–10.30 WIB" in Bahasa
Indonesia; "Monday, 8 July 2019", "8–9 July 2019", "08:00–10:30 WIB" in
English. Independent of the server's locale, so a certificate rendered by a
worker prints the same as the page.
"""

import datetime as dt
import zoneinfo

from django.utils import timezone, translation

MONTHS = {
    "id": [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ],
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
}  # fmt: skip
WEEKDAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def _lang(lang: str | None) -> str:
    lang = lang or translation.get_language() or "id"
    return "en" if lang.startswith("en") else "id"


def _as_date(value: dt.date | dt.datetime, tz: dt.tzinfo | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, tz).date() if timezone.is_aware(value) else value.date()
    return value


def format_date(
    value: dt.date | dt.datetime,
    *,
    weekday: bool = True,
    lang: str | None = None,
    tz: dt.tzinfo | None = None,
) -> str:
    """ "Senin, 8 Juli 2019" (or without the weekday: "8 Juli 2019")."""
    lang = _lang(lang)
    day = _as_date(value, tz)
    text = f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"
    if weekday:
        text = f"{WEEKDAYS[lang][day.weekday()]}, {text}"
    return text


def format_date_range(start: dt.date, end: dt.date, *, lang: str | None = None) -> str:
    """ "8 s.d. 9 Juli 2019", "30 Juni s.d. 2 Juli 2019", "8 Juli 2019"."""
    lang = _lang(lang)
    if start == end:
        return format_date(start, weekday=False, lang=lang)
    separator = " s.d. " if lang == "id" else " – "
    last = format_date(end, weekday=False, lang=lang)
    if (start.year, start.month) == (end.year, end.month):
        first = str(start.day)
        if lang == "en":
            separator = "–"
    elif start.year == end.year:
        first = f"{start.day} {MONTHS[lang][start.month - 1]}"
    else:
        first = format_date(start, weekday=False, lang=lang)
    return f"{first}{separator}{last}"


def format_time(
    value: dt.datetime | dt.time, *, lang: str | None = None, tz=None, seconds: bool = False
) -> str:
    """ "08.00" in Bahasa Indonesia, "08:00" in English; with seconds
    "08.00.27" / "08:00:27"."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, tz).time() if timezone.is_aware(value) else value.time()
    separator = "." if _lang(lang) == "id" else ":"
    text = f"{value.hour:02d}{separator}{value.minute:02d}"
    return f"{text}{separator}{value.second:02d}" if seconds else text


def zone_abbreviation(tz: dt.tzinfo | str | None) -> str:
    key = tz if isinstance(tz, str) else getattr(tz, "key", None)
    return ZONE_ABBREVIATIONS.get(key or "", "")


def format_time_range(
    start: dt.datetime, end: dt.datetime, *, tz: dt.tzinfo | str, lang: str | None = None
) -> str:
    """ "08.00–10.30 WIB" in the venue's zone."""
    zone = zoneinfo.ZoneInfo(tz) if isinstance(tz, str) else tz
    text = f"{format_time(start, lang=lang, tz=zone)}–{format_time(end, lang=lang, tz=zone)}"
    abbreviation = zone_abbreviation(zone)
    return f"{text} {abbreviation}" if abbreviation else text


def format_datetime(
    value: dt.datetime, *, tz: dt.tzinfo | str, lang: str | None = None, seconds: bool = False
) -> str:
    """ "Senin, 8 Juli 2019, 08.00 WIB" (with seconds: "08.00.27 WIB")."""
    zone = zoneinfo.ZoneInfo(tz) if isinstance(tz, str) else tz
    time = format_time(value, lang=lang, tz=zone, seconds=seconds)
    text = f"{format_date(value, lang=lang, tz=zone)}, {time}"
    abbreviation = zone_abbreviation(zone)
    return f"{text} {abbreviation}" if abbreviation else text
