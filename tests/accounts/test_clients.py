"""One answer to "who is the client": REMOTE_ADDR, or the entry our own
proxies wrote into X-Forwarded-For (TRUSTED_PROXY_COUNT)."""

import pytest
from django.test import RequestFactory

from accounts.clients import client_ip


def _request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy of ours: the header is the client's own words, ignored.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # nginx ($proxy_add_x_forwarded_for): the last entry is the one nginx wrote.
        (1, "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # A load balancer in front of nginx.
        (2, "127.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.10", "198.51.100.1"),
        # Fewer entries than proxies: the outermost proxy was bypassed.
        (2, "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        # Ports and brackets removed, addresses normalised.
        (1, "127.0.0.1", "198.51.100.1:51234", "198.51.100.1"),
        (1, "127.0.0.1", "[2001:DB8::1]:443", "2001:db8::1"),
        # Garbage or no header: the socket's address.
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
        (1, "127.0.0.1", None, "127.0.0.1"),
        (1, "", None, "unknown"),
    ],
)
def test_client_ip_believes_only_our_proxies(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_ip(_request(remote, forwarded)) == expected


def test_allauth_uses_the_same_client_address(settings):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXY_COUNT = 1
    request = _request("127.0.0.1", "6.6.6.6, 198.51.100.1")

    assert get_adapter(request).get_client_ip(request) == "198.51.100.1"
