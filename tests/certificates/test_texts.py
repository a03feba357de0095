import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from certificates import codes, texts


@pytest.mark.parametrize(
    "text",
    [
        "{name}, {nip} {pangkat} {jabatan} {institution} {role} {event} {dates} {place} {jp}",
        "Harga {{tetap}} untuk {name}",
        "",
    ],
)
def test_valid_texts_pass(text):
    texts.validate_text(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Halo {nama}", "placeholder"),
        ("{name.__class__}", "placeholder"),
        ("{name!r}", "placeholder"),
        ("{name:>40}", "placeholder"),
        ("{0}", "placeholder"),
        ("{}", "placeholder"),
        ("kurung {name", "braces"),
    ],
)
def test_bad_texts_are_refused_with_a_code(text, code):
    with pytest.raises(ValidationError) as excinfo:
        texts.validate_text(text)

    assert excinfo.value.code == code


def test_render_text_prints_values_literally():
    rendered = texts.render_text("{name} — {{x}}", {"name": "<b>&{role}"})

    assert rendered == "<b>&{role} — {x}"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{seq:03}/SERT/BIMTEK-SC/{roman_month}/{year}", "007/SERT/BIMTEK-SC/VII/2019"),
        ("{seq}/{month}/{year}", "7/07/2019"),
        ("{event_code}-{seq:05}", "BIMTEK-1-00007"),
    ],
)
def test_number_patterns(pattern, expected):
    texts.validate_number_pattern(pattern)

    assert texts.render_number(pattern, seq=7, on=dt.date(2019, 7, 9), event_code="bimtek-1") == (
        expected
    )


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        ("SERT/{year}", "seq"),
        ("{seq}/{seq}", "seq"),
        ("{seq:3}/{year}", "placeholder"),
        ("{seq:>5}", "placeholder"),
        ("{seq}/{bulan}", "placeholder"),
        ("{seq}/{year:04}", "placeholder"),
        ("{seq", "braces"),
    ],
)
def test_bad_number_patterns_are_refused(pattern, code):
    with pytest.raises(ValidationError) as excinfo:
        texts.validate_number_pattern(pattern)

    assert excinfo.value.code == code


def test_roman_months():
    assert [texts.roman_month(m) for m in (1, 4, 9, 12)] == ["I", "IV", "IX", "XII"]


def test_verification_codes_are_random_100_bit_base32():
    generated = {codes.new_verification_code() for _ in range(200)}

    assert len(generated) == 200
    assert all(len(code) == 20 and codes.normalise_code(code) == code for code in generated)
    assert len(codes.ALPHABET) ** codes.CODE_LENGTH >= 2**100


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abcd-efgh-ijkl-mnop-qrst", "ABCDEFGHIJKLMNOPQRST"),
        (" ABCD EFGH IJKL MNOP QRST\n", "ABCDEFGHIJKLMNOPQRST"),
        ("ABCDEFGHIJKLMNOPQRS1", None),  # 1 is not base32
        ("SHORT", None),
        ("A" * 100, None),
        (None, None),
        ("'; DROP TABLE--", None),
    ],
)
def test_normalise_code(raw, expected):
    assert codes.normalise_code(raw) == expected
