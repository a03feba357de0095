"""A failure's stored reason reads in the reader's language; the technical
detail stays apart and untranslated."""

from django.utils import translation

from outbox import reasons


def test_a_known_reason_is_translated_and_its_detail_kept_apart():
    stored = reasons.with_detail(reasons.NOT_WRITTEN, "KeyError: 'registration'")
    with translation.override("id"):
        assert reasons.describe(stored) == (
            "e-mail tidak dapat disusun",
            "KeyError: 'registration'",
        )
        assert reasons.describe(reasons.REFUSED_FOR_NOW + ": 451 later")[0] == (
            "alamat ditolak untuk sementara"
        )
        assert reasons.describe("address bounced before")[0].startswith("alamat ini pernah")


def test_an_unknown_error_is_all_detail():
    with translation.override("en"):
        assert reasons.describe("HTTP 400 131026: Message undeliverable") == (
            "not sent",
            "HTTP 400 131026: Message undeliverable",
        )
    assert reasons.describe("") == ("", "")
