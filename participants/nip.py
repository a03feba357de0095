"""NIP (Nomor Induk Pegawai): the 18-digit number of an ASN. The rule is in docs/nip.md.

    YYYYMMDD  YYYYMM  G  NNN
    birth     month   1  sequence
    date      (PNS:   or (not 000)
              appointed) 2

The birth date must be a real date in the past. For a PNS the middle block is
the month of appointment (TMT CPNS): a real month after the birth date and not
in the future. PPPK numbers use the middle block differently, so it is not
checked for them. The 15th digit is the gender (1 or 2); the last three are a
sequence that is never 000.
"""

import datetime as dt
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NIP_LENGTH = 18


def nip_normalise(raw: str | None) -> str | None:
    """The NIP without the spaces (and dots or dashes) people type in it, full-width
    digits made ASCII; None when empty."""
    if raw is None:
        return None
    # NFKC: full-width digits pasted from a phone (１９８０…) are digits too.
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(ch for ch in text if ch not in " \t\u00a0.-")
    return text or None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nip_validate(nip: str, *, pns: bool = True, today: dt.date | None = None) -> None:
    """Raise ValidationError (with a ``code``) when ``nip`` (already normalised)
    breaks the rule; ``pns=False`` for PPPK, whose middle block is not a month."""
    today = today or timezone.localdate()
    if not nip.isascii() or not nip.isdigit():
        raise ValidationError(_("A NIP contains only digits."), code="nip_digits")
    if len(nip) != NIP_LENGTH:
        raise ValidationError(
            _("A NIP has exactly 18 digits (spaces are allowed); this one has %(count)s."),
            code="nip_length",
            params={"count": len(nip)},
        )
    birth = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if birth is None or birth >= today or birth.year < 1900:
        raise ValidationError(
            _("The first 8 digits of a NIP are the birth date (YYYYMMDD); %(value)s is not one."),
            code="nip_birth_date",
            params={"value": nip[0:8]},
        )
    if pns:
        year, month = int(nip[8:12]), int(nip[12:14])
        appointed = _date(year, month, 1) if 1 <= month <= 12 else None
        if appointed is None:
            raise ValidationError(
                _(
                    "Digits 9–14 of a PNS NIP are the month of appointment (YYYYMM); "
                    "%(value)s is not one."
                ),
                code="nip_appointment_month",
                params={"value": nip[8:14]},
            )
        if (year, month) <= (birth.year, birth.month):
            raise ValidationError(
                _("The month of appointment (%(value)s) must come after the birth date."),
                code="nip_appointment_before_birth",
                params={"value": nip[8:14]},
            )
        if (year, month) > (today.year, today.month):
            raise ValidationError(
                _("The month of appointment (%(value)s) is in the future."),
                code="nip_appointment_future",
                params={"value": nip[8:14]},
            )
    if nip[14] not in "12":
        raise ValidationError(
            _("Digit 15 of a NIP is the gender: 1 or 2, not %(value)s."),
            code="nip_gender",
            params={"value": nip[14]},
        )
    if nip[15:18] == "000":
        raise ValidationError(
            _("The last three digits of a NIP are a sequence number and cannot be 000."),
            code="nip_sequence",
        )


def nip_check(value: str | None) -> None:
    """Validator of a NIP field whose holder may be a PNS or a PPPK (a
    signatory, a treasurer): the value normalised, then the rule without the
    month of appointment. Empty passes (the field decides whether it is required)."""
    nip = nip_normalise(value)
    if nip:
        nip_validate(nip, pns=False)


class NipFormField(forms.CharField):
    """A NIP typed with spaces ("1985 0312 201001 2 003"): normalised, then
    checked by ``nip_check``, with its messages (not the model's "at most 18")."""

    default_validators = [nip_check]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        return nip_normalise(super().to_python(value)) or ""

    @classmethod
    def replace(cls, form: forms.BaseForm, *names: str) -> None:
        """Put this field in place of a model form's NIP fields (label and help kept)."""
        for name in names:
            old = form.fields[name]
            form.fields[name] = cls(label=old.label, help_text=old.help_text, required=old.required)
