"""The scan endpoint reads a plain scanner body without DRF's serializer
(checkin.api.serializers.plain_scan_data): for every body it takes, it must
give exactly what the serializer validates it to; every other body goes to
the serializer (and its messages)."""

import pytest

from checkin.api.serializers import CheckInRequestSerializer, plain_scan_data

TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

TAKEN = [
    {"session": 1, "token": TOKEN},
    {"session": 7, "token": TOKEN, "client_id": "a1b2-c3.d4:e_5", "device": "Pintu 1"},
    {"session": 7, "token": TOKEN, "client_id": "", "device": "  Pintu utama  "},
    {"session": 7, "token": TOKEN, "device": "x" * 300},
    {"session": 7, "token": TOKEN, "scanned_at": None},
    {"session": 7, "token": TOKEN, "scanned_at": "2026-12-07T08:01:02.345Z"},
    {"session": 7, "token": TOKEN, "scanned_at": "2026-12-07t08:01:02+07:00"},
    {"session": 7, "token": TOKEN, "scanned_at": "2026-12-07T08:01:60Z"},
    {"session": 7, "token": TOKEN, "scanned_at": "0000-01-01T00:00:00Z"},
    {"session": 7, "token": None},
    {"session": 7, "token": 12345},
    {"session": 7, "token": ["a", {"b": 1}]},
    {"session": 7},
    {"session": 2**63 - 1, "token": TOKEN, "offline_result": "", "offline_reason": ""},
    {"session": 7, "token": TOKEN, "unknown": "ignored"},
]

LEFT_TO_THE_SERIALIZER = [
    {"token": TOKEN},
    {"session": "7", "token": TOKEN},
    {"session": 7.0, "token": TOKEN},
    {"session": True, "token": TOKEN},
    {"session": 0, "token": TOKEN},
    {"session": 2**63, "token": TOKEN},
    {"session": 7, "token": TOKEN, "client_id": "x" * 65},
    {"session": 7, "token": TOKEN, "client_id": "no spaces"},
    {"session": 7, "token": TOKEN, "client_id": "abc\n"},
    {"session": 7, "token": TOKEN, "client_id": None},
    {"session": 7, "token": TOKEN, "device": None},
    {"session": 7, "token": TOKEN, "device": 5},
    {"session": 7, "token": TOKEN, "device": "tab\there"},
    {"session": 7, "token": TOKEN, "device": "nul\x00"},
    {"session": 7, "token": TOKEN, "scanned_at": ""},
    {"session": 7, "token": TOKEN, "scanned_at": "yesterday"},
    {"session": 7, "token": TOKEN, "scanned_at": 1700000000},
    {"session": 7, "token": TOKEN, "scanned_at": "2026-02-30T08:00:00Z"},
    {"session": 7, "token": TOKEN, "offline_result": "ok"},
    {"session": 7, "token": TOKEN, "offline_result": "bogus"},
    {"session": 7, "token": TOKEN, "offline_reason": "unknown"},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("body", TAKEN)
def test_a_plain_body_reads_as_the_serializer_reads_it(body):
    serializer = CheckInRequestSerializer(data=body)
    assert serializer.is_valid(), serializer.errors

    assert plain_scan_data(body) == dict(serializer.validated_data)


@pytest.mark.parametrize("body", LEFT_TO_THE_SERIALIZER)
def test_anything_else_is_left_to_the_serializer(body):
    assert plain_scan_data(body) is None
