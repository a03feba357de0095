"""Placeholders in a message's subject and body: {nama}, {kegiatan}…

Refused at compose time when unknown (with the list of the valid ones);
filled per recipient, in the recipient's language, as plain text.
"""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bimtek import formatting

PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")

PLACEHOLDERS = {
    "nama": _("the name with academic titles"),
    "kegiatan": _("the event's title"),
    "tanggal": _("the event's dates"),
    "tempat": _("the venue"),
    "tautan_tiket": _("the link to the ticket"),
    "tautan_sertifikat": _("the link to the certificate"),
}


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def values_for(registration, *, language: str) -> dict[str, str]:
    event = registration.event
    return {
        "nama": registration.participant.display_name,
        "kegiatan": event.title,
        "tanggal": formatting.format_date_range(event.start_date, event.end_date, lang=language),
        "tempat": event.venue,
        "tautan_tiket": settings.SITE_URL
        + reverse("participants:ticket_detail", kwargs={"pk": registration.pk}),
        "tautan_sertifikat": settings.SITE_URL
        + reverse("certificates:ticket", kwargs={"pk": registration.pk}),
    }


def event_values(event, *, language: str) -> dict[str, str]:
    """The placeholders every recipient shares (the event's), for showing a
    message to the organiser: "Info teknis {kegiatan}" reads as the title,
    while {nama} and the links stay as placeholders."""
    return {
        "kegiatan": event.title,
        "tanggal": formatting.format_date_range(event.start_date, event.end_date, lang=language),
        "tempat": event.venue,
    }


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
