import pytest
from django.core.exceptions import ValidationError

from participants.phones import phone_display, phone_local, phone_normalise


@pytest.mark.parametrize(
    "raw",
    [
        "0812-3456-7890",
        "0812 3456 7890",
        "081234567890",
        "+62 812-3456-7890",
        "+6281234567890",
        "6281234567890",
        "62 812 3456 7890",
        "(0812) 3456-7890",
    ],
)
def test_indonesian_mobile_numbers_are_stored_as_plus_62(raw):
    assert phone_normalise(raw) == "+6281234567890"


def test_foreign_numbers_in_international_form_are_kept():
    assert phone_normalise("+65 9123 4567") == "+6591234567"


def test_empty_phone_is_empty():
    assert phone_normalise("  ") == ""


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("08123", "phone_invalid"),
        ("hello", "phone_invalid"),
        ("021 1234 5678", "phone_not_mobile"),  # a Jakarta landline
        ("9" * 60, "phone_invalid"),
    ],
)
def test_bad_numbers_are_refused(raw, code):
    with pytest.raises(ValidationError) as excinfo:
        phone_normalise(raw)

    assert excinfo.value.code == code


def test_display_groups_the_digits():
    assert phone_display("+6281234567890") == "+62 812-3456-7890"


def test_local_form_for_reports():
    assert phone_local("+6281234567890") == "0812-3456-7890"
    assert phone_local("+6591234567") == "+65 9123 4567"
