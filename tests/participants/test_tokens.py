import math

import pytest

from participants.tokens import TOKEN_LENGTH, new_ticket_token, normalise_token


def test_tokens_are_long_random_and_qr_alphanumeric():
    tokens = {new_ticket_token() for _ in range(2000)}

    assert len(tokens) == 2000
    sample = next(iter(tokens))
    assert len(sample) == TOKEN_LENGTH
    assert set("".join(tokens)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert TOKEN_LENGTH * math.log2(32) >= 128


def test_normalise_accepts_what_scanners_type():
    token = new_ticket_token()

    assert normalise_token(f"  {token.lower()}\n") == token


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "abc",
        "1" * 32,
        "A" * 33,
        "<script>" * 4,
        "Ä" * 32,
        None,
        123,
        b"A" * 32,
        "A" * 10_000,
    ],
)
def test_normalise_rejects_anything_else(raw):
    assert normalise_token(raw) is None
