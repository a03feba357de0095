"""The cells of an invitation list: one cell to one value, ``ValueError``
with the message on bad input (django-import-export widgets)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from import_export import widgets

from bimtek.models import Institution
from participants.imports.columns import header_key
from participants.models.people import Employment, PangkatGolongan
from participants.models.registrations import RegistrationRole
from participants.names import printable_validate, text_normalise
from participants.nip import nip_normalise
from participants.phones import phone_normalise


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class TextWidget(widgets.Widget):
    def __init__(self, max_length: int):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if len(text) > self.max_length:
            raise ValueError(_("Longer than %(max)s characters.") % {"max": self.max_length})
        return text


class NameWidget(TextWidget):
    """A name, title or position: normalised and refused like in the forms."""

    def clean(self, value, row=None, **kwargs):
        text = text_normalise(cell_text(value))
        if len(text) > self.max_length:
            raise ValueError(_("Longer than %(max)s characters.") % {"max": self.max_length})
        try:
            printable_validate(text)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error
        return text


class NipWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, float) or (isinstance(value, int) and value > 10**15):
            # Excel keeps 15 significant digits: an 18-digit NIP typed as a
            # number has already lost its last digits.
            raise ValueError(
                _(
                    "Excel stored this NIP as a number and rounded its last digits. "
                    "Format the NIP column as Text and type the NIP again."
                )
            )
        return nip_normalise(cell_text(value))


EMPLOYMENT_WORDS = {
    "pns": Employment.PNS,
    "asn": Employment.PNS,
    "cpns": Employment.PNS,
    "pppk": Employment.PPPK,
    "p3k": Employment.PPPK,
    "non asn": Employment.NON_ASN,
    "nonasn": Employment.NON_ASN,
    "non pns": Employment.NON_ASN,
    "honorer": Employment.NON_ASN,
    "swasta": Employment.NON_ASN,
    "bumn": Employment.NON_ASN,
    "lainnya": Employment.NON_ASN,
    "other": Employment.NON_ASN,
    "not a civil servant": Employment.NON_ASN,
}


class EmploymentWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = re.sub(r"[^a-z0-9]+", " ", cell_text(value).lower()).strip()
        if not text or text == "-":
            return None
        if text in EMPLOYMENT_WORDS:
            return EMPLOYMENT_WORDS[text]
        raise ValueError(_("Write PNS, PPPK or Non-ASN."))


_PANGKAT_BY_TEXT = {}
for _value, _label in PangkatGolongan.choices:
    _PANGKAT_BY_TEXT[_value.lower()] = _value
    _PANGKAT_BY_TEXT[str(_label).lower().replace(",", "")] = _value
_GOLONGAN_RE = re.compile(r"\b(iv|iii|ii|i)\s*/\s*([a-e])\b", re.IGNORECASE)


class PangkatWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower().replace(",", "")
        if not text or text == "-":
            return ""
        text = " ".join(text.split())
        if text in _PANGKAT_BY_TEXT:
            return _PANGKAT_BY_TEXT[text]
        match = _GOLONGAN_RE.search(text)
        if match:
            return f"{match.group(1).upper()}/{match.group(2).lower()}"
        roman = text.removeprefix("golongan ").removeprefix("gol. ").removeprefix("gol ").upper()
        if roman in PangkatGolongan.values and "/" not in roman:
            return roman
        raise ValueError(_("Not a pangkat/golongan: write it like III/a (PPPK: IX)."))


class EmailWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower()
        if not text:
            return ""
        try:
            validate_email(text)
        except ValidationError as error:
            raise ValueError(_("Not a valid e-mail address.")) from error
        return text


class PhoneWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            return phone_normalise(cell_text(value))
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error


ROLE_WORDS = {
    "peserta": RegistrationRole.PARTICIPANT,
    "participant": RegistrationRole.PARTICIPANT,
    "narasumber": RegistrationRole.SPEAKER,
    "pembicara": RegistrationRole.SPEAKER,
    "speaker": RegistrationRole.SPEAKER,
    "moderator": RegistrationRole.MODERATOR,
    "panitia": RegistrationRole.ORGANISER,
    "committee": RegistrationRole.ORGANISER,
    "organiser": RegistrationRole.ORGANISER,
}


class RoleWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower()
        if not text:
            return RegistrationRole.PARTICIPANT
        if text in ROLE_WORDS:
            return ROLE_WORDS[text]
        raise ValueError(_("Write peserta, narasumber, moderator or panitia."))


class InstitutionWidget(widgets.Widget):
    """By name or short name, ignoring case and spaces; the lookup is loaded
    once per file by the resource."""

    def __init__(self):
        super().__init__()
        self.lookup: dict[str, Institution] = {}

    def load(self) -> None:
        self.lookup = {}
        for institution in Institution.objects.select_related("category"):
            self.lookup.setdefault(header_key(institution.name), institution)
            if institution.short_name:
                self.lookup.setdefault(header_key(institution.short_name), institution)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        institution = self.lookup.get(header_key(text))
        if institution is None:
            raise ValueError(
                _(
                    "Unknown institution “%(name)s”: use a name from the list of institutions "
                    "(the “Instansi” sheet of the template) or ask an organiser to add it."
                )
                % {"name": text}
            )
        return institution
