"""What is this request's client address? The one answer, used by allauth's
rate limits (through the account adapter), the certificate verification
limit and the request log (docs/security.md).

Behind reverse proxies ``REMOTE_ADDR`` is the nearest proxy (nginx:
127.0.0.1; a container: the bridge), the same for every client, so every
limit keyed on it is shared by the whole city. ``TRUSTED_PROXY_COUNT`` says
how many proxies of ours append to ``X-Forwarded-For`` (nginx's
``$proxy_add_x_forwarded_for``): the address the outermost of them saw is
the ``count``-th entry from the right. Entries further left were written by
the client and are never believed.

Imported by the logging configuration before apps are ready: no models here.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "unknown"


def _address(value: str) -> str | None:
    """The IP address in ``value`` (a port or brackets removed), or None."""
    value = value.strip()
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def forwarded_address(request, proxies: int) -> str | None:
    """The client address our ``proxies`` proxies recorded, or None."""
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies <= 0 or not forwarded:
        return None
    # Fewer entries than proxies: the request entered past the outer ones
    # (say, straight to nginx); the leftmost entry is still one ours wrote.
    return _address(forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0])


def client_ip(request) -> str:
    """The client's IP address as our own proxies saw it ("unknown" if none)."""
    return (
        forwarded_address(request, settings.TRUSTED_PROXY_COUNT)
        or _address(request.META.get("REMOTE_ADDR", ""))
        or UNKNOWN
    )
