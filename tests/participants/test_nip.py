"""The NIP rule of docs/nip.md: birth date, appointment month (PNS only),
gender digit, sequence."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.nip import nip_normalise, nip_validate

TODAY = dt.date(2026, 7, 8)


def _code(nip: str, *, pns: bool = True) -> str | None:
    try:
        nip_validate(nip, pns=pns, today=TODAY)
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize(
    "raw",
    [
        "198503122010011002",
        "19850312 201001 1 002",
        " 19850312 201001 1 002 ",
        "19850312.201001.1.002",
        "19850312-201001-1-002",
    ],
)
def test_nip_with_spaces_or_separators_normalises_to_18_digits(raw):
    assert nip_normalise(raw) == "198503122010011002"


def test_empty_nip_normalises_to_none():
    assert nip_normalise("   ") is None
    assert nip_normalise(None) is None


@pytest.mark.parametrize(
    "nip",
    [
        "198503122010011002",  # man, appointed January 2010
        "199212312020122001",  # woman, born on New Year's Eve, appointed December 2020
        "200002292024061999",  # born on a leap day
        "198503122026071001",  # appointed this very month
    ],
)
def test_valid_pns_nip_passes(nip):
    assert _code(nip) is None


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19850312201001100", "nip_length"),  # 17 digits
        ("1985031220100110021", "nip_length"),  # 19 digits
        ("19850312201001100A", "nip_digits"),
        ("１９８５０３１２２０１００１１００２", "nip_digits"),  # full-width digits
        ("198513122010011002", "nip_birth_date"),  # month 13
        ("198502302010011002", "nip_birth_date"),  # 30 February
        ("199902292020011002", "nip_birth_date"),  # 29 February of a common year
        ("203001012010011002", "nip_birth_date"),  # born in the future
        ("185001012010011002", "nip_birth_date"),  # before 1900
        ("198503122010131002", "nip_appointment_month"),  # month 13
        ("198503122010001002", "nip_appointment_month"),  # month 00
        ("198503121985031002", "nip_appointment_before_birth"),  # the month of birth
        ("198503121980011002", "nip_appointment_before_birth"),
        ("198503122026081002", "nip_appointment_future"),  # next month
        ("198503122010013002", "nip_gender"),
        ("198503122010010002", "nip_gender"),
        ("198503122010011000", "nip_sequence"),
    ],
)
def test_invalid_pns_nip_is_refused_with_its_reason(nip, code):
    assert _code(nip) == code


@pytest.mark.parametrize(
    "nip",
    [
        "198503122021211002",  # PPPK: the middle block is not a month (21 = 2021 intake)
        "198503120000001002",
        "198503122099991002",
    ],
)
def test_pppk_nip_skips_the_appointment_month_rule(nip):
    assert _code(nip, pns=False) is None
    assert _code(nip, pns=True) is not None


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("198513122021211002", "nip_birth_date"),
        ("198503122021213002", "nip_gender"),
        ("198503122021211000", "nip_sequence"),
    ],
)
def test_pppk_nip_still_checks_birth_date_gender_and_sequence(nip, code):
    assert _code(nip, pns=False) == code


def test_error_message_names_the_bad_part():
    with pytest.raises(ValidationError) as excinfo:
        nip_validate("198503122010131002", today=TODAY)

    assert "201013" in excinfo.value.messages[0]
