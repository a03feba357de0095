"""The honorarium arithmetic, checked against amounts computed by hand, and
the amounts in words up to the trillions."""

from decimal import Decimal

import pytest

from spj import money
from spj.errors import SpjError
from spj.money import TaxCase


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (215, "dua ratus lima belas"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (11_000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (1_000_000, "satu juta"),
        (1_250_000, "satu juta dua ratus lima puluh ribu"),
        (2_375_500, "dua juta tiga ratus tujuh puluh lima ribu lima ratus"),
        (1_000_000_000, "satu miliar"),
        (1_000_001_000, "satu miliar seribu"),
        (1_000_000_000_000, "satu triliun"),
        (
            999_999_999_999_999,
            "sembilan ratus sembilan puluh sembilan triliun "
            "sembilan ratus sembilan puluh sembilan miliar "
            "sembilan ratus sembilan puluh sembilan juta "
            "sembilan ratus sembilan puluh sembilan ribu "
            "sembilan ratus sembilan puluh sembilan",
        ),
        (
            12_345_678_901_234,
            "dua belas triliun tiga ratus empat puluh lima miliar enam ratus tujuh "
            "puluh delapan juta sembilan ratus satu ribu dua ratus tiga puluh empat",
        ),
    ],
)
def test_terbilang_writes_indonesian_words(amount, words):
    assert money.terbilang(amount) == words


def test_terbilang_rupiah_is_a_sentence():
    assert money.terbilang_rupiah(Decimal("1800000")) == "Satu juta delapan ratus ribu rupiah"


@pytest.mark.parametrize("amount", [-1, Decimal("0.5"), 10**15])
def test_terbilang_refuses_amounts_it_cannot_write(amount):
    with pytest.raises(SpjError) as excinfo:
        money.terbilang(amount)
    assert excinfo.value.code == "amount_range"


@pytest.mark.parametrize(
    ("is_pns", "golongan", "has_npwp", "case"),
    [
        (True, "IV", False, TaxCase.PNS_IV),
        (True, "III", True, TaxCase.PNS_III),
        (True, "II", True, TaxCase.PNS_I_II),
        (True, "I", False, TaxCase.PNS_I_II),
        (False, "", True, TaxCase.NON_PNS_NPWP),
        (False, "", False, TaxCase.NON_PNS_NO_NPWP),
        (False, "IV", True, TaxCase.NON_PNS_NPWP),  # a golongan means nothing without PNS
    ],
)
def test_tax_case_by_status_grade_and_npwp(is_pns, golongan, has_npwp, case):
    assert money.tax_case(is_pns=is_pns, golongan=golongan, has_npwp=has_npwp) == case


# Computed by hand: gross = JP × rate; tax = gross × rate %, to the rupiah.
@pytest.mark.parametrize(
    ("case", "units", "rate", "gross", "tax", "net"),
    [
        (TaxCase.PNS_IV, 4, "900000", 3_600_000, 540_000, 3_060_000),
        (TaxCase.PNS_III, 3, "700000", 2_100_000, 105_000, 1_995_000),
        (TaxCase.PNS_I_II, 2, "500000", 1_000_000, 0, 1_000_000),
        (TaxCase.NON_PNS_NPWP, 4, "1000000", 4_000_000, 100_000, 3_900_000),
        (TaxCase.NON_PNS_NO_NPWP, 4, "1000000", 4_000_000, 120_000, 3_880_000),
        # 3 × 333 333 = 999 999; 2.5 % = 24 999.975 → 25 000 (half up)
        (TaxCase.NON_PNS_NPWP, 3, "333333", 999_999, 25_000, 974_999),
        # 5 % of 1 111 110 = 55 555.5 → 55 556
        (TaxCase.PNS_III, 1, "1111110", 1_111_110, 55_556, 1_055_554),
    ],
)
def test_honorarium_for_each_tax_case(case, units, rate, gross, tax, net):
    result = money.honorarium(units=units, rate=Decimal(rate), case=case)

    assert (result.gross, result.tax, result.net) == (gross, tax, net)
    assert isinstance(result.tax, Decimal)


def test_tax_rates_come_from_the_settings(settings):
    settings.SPJ_PPH21_PNS_IV = "10"

    result = money.honorarium(units=1, rate=Decimal("1000000"), case=TaxCase.PNS_IV)

    assert result.tax == 100_000


def test_rupiah_groups_thousands_with_dots():
    assert money.rupiah(Decimal("1250000")) == "Rp1.250.000"
    assert money.rupiah(0) == "Rp0"
