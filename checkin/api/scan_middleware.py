"""Django's ``MessageMiddleware``, skipped for the door scan
(``POST /api/v1/checkins/``), for which it does nothing observable.

It attaches the message storage to the request and, after the view, stores
messages that were added or read. The scan API answers JSON only (DRF's JSON
renderer, no template) and neither adds nor reads messages: for the scan the
storage was built and dropped unused (~1.5 per cent of a scan's CPU,
docs/profile.md "Check-in"). Skipped, a browser's pending messages stay
where they are, as they did. Every other request goes through it unchanged.

(allauth's ``AccountMiddleware`` does nothing for the scan either, but
allauth refuses to start unless its own class is in settings.MIDDLEWARE; it
costs under 1 per cent and stays.)

Every header of the scan's response comes from the other middleware
(security headers, CSP, the request id, Vary, frame options, the cookies)
and from the view; ``tests/checkin/test_scan_middleware.py`` compares a
scan's response with the one Django's own MessageMiddleware gives.
"""

from functools import cache

from django.contrib.messages.middleware import MessageMiddleware as _MessageMiddleware
from django.urls import reverse


@cache
def scan_path() -> str:
    return reverse("api:checkin_create")


def is_scan(request) -> bool:
    return request.method == "POST" and request.path_info == scan_path()


class MessageMiddleware(_MessageMiddleware):
    """Django's, not for the scan (see the module)."""

    def __call__(self, request):
        if is_scan(request):
            return self.get_response(request)
        return super().__call__(request)
