"""Honorarium arithmetic: gross, PPh 21 withheld by status and golongan, net,
and amounts in Indonesian words (terbilang). Exact: Decimal throughout, whole
rupiah, rounded half up once per amount (docs/spj.md)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from spj.errors import SpjError

RUPIAH = Decimal("1")
HUNDRED = Decimal("100")
# "terbilang" is written up to the trillions (999 999 999 999 999).
TERBILANG_MAX = 10**15 - 1

_ONES = [
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]
_SCALES = [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta")]


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_ONES[hundreds], "ratus"]
    if rest < 12:
        if rest:
            words.append(_ONES[rest])
    elif rest < 20:
        words += [_ONES[rest - 10], "belas"]
    else:
        tens, ones = divmod(rest, 10)
        words += [_ONES[tens], "puluh"]
        if ones:
            words.append(_ONES[ones])
    return words


def _words(n: int) -> list[str]:
    words: list[str] = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            words += [*_words(count), name]
    thousands, n = divmod(n, 1000)
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words += [*_below_thousand(thousands), "ribu"]
    return words + _below_thousand(n)


def terbilang(amount: int | Decimal) -> str:
    """A whole amount in Indonesian words: 1 250 000 → "satu juta dua ratus
    lima puluh ribu". Zero is "nol"."""
    value = Decimal(amount)
    if value != value.to_integral_value() or value < 0 or value > TERBILANG_MAX:
        raise SpjError("Amount out of range for words.", code="amount_range")
    n = int(value)
    if n == 0:
        return "nol"
    return " ".join(_words(n))


def terbilang_rupiah(amount: int | Decimal) -> str:
    """ "Satu juta dua ratus lima puluh ribu rupiah", as printed on receipts."""
    text = f"{terbilang(amount)} rupiah"
    return text[0].upper() + text[1:]


class TaxCase:
    """Who the PPh 21 rate depends on (the settings' names)."""

    PNS_IV = "pns_iv"
    PNS_III = "pns_iii"
    PNS_I_II = "pns_i_ii"
    NON_PNS_NPWP = "non_pns_npwp"
    NON_PNS_NO_NPWP = "non_pns_no_npwp"


_RATE_SETTINGS = {
    TaxCase.PNS_IV: "SPJ_PPH21_PNS_IV",
    TaxCase.PNS_III: "SPJ_PPH21_PNS_III",
    TaxCase.PNS_I_II: "SPJ_PPH21_PNS_I_II",
    TaxCase.NON_PNS_NPWP: "SPJ_PPH21_NON_PNS_NPWP",
    TaxCase.NON_PNS_NO_NPWP: "SPJ_PPH21_NON_PNS_NO_NPWP",
}


def tax_case(*, is_pns: bool, golongan: str, has_npwp: bool) -> str:
    if is_pns:
        if golongan == "IV":
            return TaxCase.PNS_IV
        if golongan == "III":
            return TaxCase.PNS_III
        return TaxCase.PNS_I_II
    return TaxCase.NON_PNS_NPWP if has_npwp else TaxCase.NON_PNS_NO_NPWP


def tax_rate(case: str) -> Decimal:
    """The rate in per cent for ``case``, from the settings."""
    return Decimal(str(getattr(settings, _RATE_SETTINGS[case])))


def whole_rupiah(value: Decimal) -> Decimal:
    return value.quantize(RUPIAH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Honorarium:
    units: Decimal  # JP taught, or sessions
    rate: Decimal  # per unit
    gross: Decimal
    tax_rate: Decimal  # per cent
    tax: Decimal
    net: Decimal


def honorarium(*, units: int | Decimal, rate: Decimal, case: str) -> Honorarium:
    """Gross = units × rate; tax = gross × rate %, both to whole rupiah; net =
    gross − tax."""
    units = Decimal(units)
    gross = whole_rupiah(units * rate)
    percent = tax_rate(case)
    tax = whole_rupiah(gross * percent / HUNDRED)
    return Honorarium(
        units=units, rate=rate, gross=gross, tax_rate=percent, tax=tax, net=gross - tax
    )


def rupiah(value: Decimal | int) -> str:
    """1250000 → "Rp1.250.000" (Indonesian grouping)."""
    text = f"{int(value):,}".replace(",", ".")
    return f"Rp{text}"
