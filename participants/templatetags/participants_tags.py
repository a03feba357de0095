from urllib.parse import urlsplit

from django import template
from django.urls import Resolver404, resolve

from bimtek import extensions
from bimtek.models import Event
from bimtek.models.events import EventStatus

register = template.Library()


@register.simple_tag
def registration_event_for(next_url: str | None) -> Event | None:
    """The event whose registration form ``next_url`` leads to (the sign-up
    page names it), or None."""
    if not next_url or not next_url.startswith("/") or next_url.startswith("//"):
        return None
    try:
        match = resolve(urlsplit(next_url).path)
    except Resolver404:
        return None
    if match.view_name != "participants:register":
        return None
    return (
        Event.objects.filter(code=match.kwargs.get("code", ""))
        .exclude(status=EventStatus.DRAFT)
        .first()
    )


@register.filter
def audit_action(code: str) -> str:
    """{{ entry.action|audit_action }}: "registration.reissue" -> "Ticket reissued"."""
    return extensions.audit_action_label(code)
