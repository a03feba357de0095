"""The edit page's "tell them" link: compose a message to the registrants
with the event's last change of dates or place written in."""

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from bimtek import formatting
from bimtek.models import AuditEntry

# The changes registrants must hear of, in the order they are told.
TOLD = ("start_date", "end_date", "venue", "address", "city")


def _labels() -> dict[str, str]:
    return {
        "start_date": _("First day"),
        "end_date": _("Last day"),
        "venue": _("Venue"),
        "address": _("Address"),
        "city": _("City"),
    }


def _shown(value) -> str:
    if not value:
        return "-"
    try:
        return formatting.format_date(dt.date.fromisoformat(str(value)), weekday=True)
    except ValueError:
        return str(value)


def last_change(event) -> dict[str, dict]:
    """The told fields of the event's latest edit ({} when it changed none)."""
    entry = AuditEntry.objects.filter(event=event, action="event.update").order_by("-id").first()
    changes = entry.changes if entry else {}
    return {name: changes[name] for name in TOLD if isinstance(changes.get(name), dict)}


def change_notice_text(event) -> tuple[str, str]:
    """A subject and body (with placeholders) telling the latest change."""
    labels = _labels()
    lines = [
        f"- {labels[name]}: {_shown(change.get('from'))} → {_shown(change.get('to'))}"
        for name, change in last_change(event).items()
    ]
    subject = _("Change to {kegiatan}")
    body = "\n".join(
        [
            _("Dear {nama},"),
            "",
            _("There is a change to {kegiatan}:") if lines else _("{kegiatan} has changed."),
            *lines,
            "",
            _("Dates: {tanggal}. Venue: {tempat}."),
            _("Your ticket: {tautan_tiket}"),
        ]
    )
    return subject, body


def change_notice_link(event) -> tuple[str, str] | None:
    subject, body = change_notice_text(event)
    url = reverse("broadcasts:compose", kwargs={"code": event.code})
    return _(
        "Tell them now"
    ), f"{url}?{urlencode({'kind': 'essential', 'subject': subject, 'body': body})}"
