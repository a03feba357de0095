"""Template filters for dates and times written the Indonesian way."""

from django import template

from bimtek import formatting

register = template.Library()


@register.filter
def tanggal(value, weekday: bool = True) -> str:
    """{{ session.starts_at|tanggal }} -> "Senin, 8 Juli 2019"."""
    if not value:
        return ""
    return formatting.format_date(value, weekday=bool(weekday))


@register.filter
def event_dates(event) -> str:
    """{{ event|event_dates }} -> "8 s.d. 9 Juli 2019"."""
    return formatting.format_date_range(event.start_date, event.end_date)


@register.filter
def session_time(session) -> str:
    """{{ session|session_time }} -> "08.00–10.30 WIB"."""
    return formatting.format_time_range(session.starts_at, session.ends_at, tz=session.event.tzinfo)


@register.filter
def jam(value, tz=None) -> str:
    """{{ checkin.checked_in_at|jam }} -> "08.03"."""
    if not value:
        return ""
    return formatting.format_time(value, tz=tz)


@register.filter
def jam_detik(value, tz=None) -> str:
    """{{ conflict.scanned_at|jam_detik }} -> "08.03.27": where seconds tell
    two scans apart."""
    if not value:
        return ""
    return formatting.format_time(value, tz=tz, seconds=True)


@register.filter
def waktu(value, tz: str = "Asia/Jakarta") -> str:
    """{{ dt|waktu:event.timezone }} -> "Senin, 8 Juli 2019, 08.03 WIB"."""
    if not value:
        return ""
    return formatting.format_datetime(value, tz=tz)


@register.filter
def waktu_detik(value, tz: str = "Asia/Jakarta") -> str:
    """{{ dt|waktu_detik:event.timezone }} -> "Senin, 8 Juli 2019, 08.03.27 WIB"."""
    if not value:
        return ""
    return formatting.format_datetime(value, tz=tz, seconds=True)
