"""The navigation bar and the footer of every page, rendered once per process
for each language and role set instead of once per page (docs/profile.md,
"Page chrome and the form's reads").

``{% chrome "_navbar.html" %}`` prints what ``{% include "_navbar.html" %}``
prints. The first page of a kind renders the template with stand-ins in place
of the four things that differ between people of the same roles — the
user's short name and address, the page's path (the language switch comes
back to it) and the CSRF token — and keeps the result cut at the stand-ins;
later pages of that kind join the pieces with their own values, escaped as
``{{ … }}`` escapes them. The kind is everything else the template reads:
the language, the URL prefix and URL configuration, signed in or not, staff
or not, and the navigation entries the user may open (``nav_bar``, worked
out for every page from the permission facts, so a role given or taken away
shows on the next page). A context without a request or a CSRF token (the
error pages rendered without a request) renders the template as an include
would."""

import re

from django import template
from django.conf import settings
from django.template.context import Context
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_SLOT = "\x00chrome:{}\x00"
_SLOTS = re.compile("\x00chrome:(name|email|path|csrf)\x00")
# Languages × role sets × prefixes: a handful in practice; the bound only
# guards against an unforeseen key growing without end.
_MAX_KINDS = 512
# kind -> (pieces, the entries, whether they print the CSRF token): holding
# the entries keeps their ids unused.
_kinds: dict[tuple, tuple[list[str], tuple, bool]] = {}


class _StandInUser:
    def __init__(self, user):
        self.is_authenticated = bool(getattr(user, "is_authenticated", False))
        self.is_staff = bool(getattr(user, "is_staff", False))
        self.email = _SLOT.format("email")

    def get_short_name(self) -> str:
        return _SLOT.format("name")


class _StandInRequest:
    def get_full_path(self) -> str:
        return _SLOT.format("path")


def _usable(context) -> bool:
    return (
        context.get("request") is not None
        and context.get("nav_bar") is not None
        and context.autoescape
    )


def _token_usable(context) -> bool:
    """Asked only of a template that prints the token: reading it has the
    CSRF middleware set its cookie, which the footer alone never did (the
    door's offline page has no navigation bar)."""
    token = context.get("csrf_token")
    return bool(token) and token != "NOTPROVIDED"


def _kind(compiled, user, bar) -> tuple:
    return (
        compiled,
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        bool(getattr(user, "is_authenticated", False)),
        bool(getattr(user, "is_staff", False)),
        # The entries by identity: registered once per process, each with its
        # label, address and icon (hashing the entries would translate the labels).
        tuple(id(item) for item in bar.items),
        tuple(id(item) for item in bar.user_menu),
    )


def _pieces(compiled, user, bar) -> list[str]:
    """The template rendered with stand-ins, cut into [text, slot, text, …]."""
    stand_in = Context(
        {
            "user": _StandInUser(user),
            "request": _StandInRequest(),
            "nav_bar": bar,
            "csrf_token": _SLOT.format("csrf"),
        },
        autoescape=True,
    )
    return _SLOTS.split(compiled.render(stand_in))


def _value(slot: str, context) -> str:
    if slot == "csrf":
        value = context.get("csrf_token")
    elif slot == "path":
        value = context["request"].get_full_path()
    elif slot == "email":
        value = context["user"].email
    else:
        value = context["user"].get_short_name()
    return conditional_escape(str(value))


@register.simple_tag(takes_context=True)
def chrome(context, template_name: str) -> str:
    compiled = context.template.engine.get_template(template_name)
    if not _usable(context):
        return compiled.render(context)
    user, bar = context.get("user"), context["nav_bar"]
    kind = _kind(compiled, user, bar)
    kept = _kinds.get(kind)
    if kept is None:
        if len(_kinds) >= _MAX_KINDS:
            _kinds.clear()
        pieces = _pieces(compiled, user, bar)
        kept = _kinds[kind] = (pieces, (bar.items, bar.user_menu), "csrf" in pieces[1::2])
    if kept[2] and not _token_usable(context):
        return compiled.render(context)
    parts = kept[0][:]
    for index in range(1, len(parts), 2):
        parts[index] = _value(parts[index], context)
    return mark_safe("".join(parts))
