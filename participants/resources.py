"""django-import-export resources: the invitation-list import and the
participant export.

The import resource only *checks* rows (widgets clean each cell; the model's
own validation and the duplicate rules run per row) and collects the good
ones; ``participants.services.imports`` writes them in one transaction once
no row has an error. Lookups (institutions, existing people, this event's
registrations) are loaded once per file, so checking costs the same few
queries for 20 rows or 5,000.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, instance_loaders, resources, widgets
from import_export.formats import base_formats

from bimtek import formatting
from bimtek.models import Event, Institution
from participants.errors import RegistrationError
from participants.models import Participant, Registration
from participants.models.people import Employment, PangkatGolongan
from participants.models.registrations import (
    ACTIVE_STATUSES,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from participants.nip import nip_normalise
from participants.phones import phone_local, phone_normalise
from participants.services.people import participant_match


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as in the template: the users' words, the same in every UI language
    aliases: tuple[str, ...]
    required: bool
    help: str
    example: str


# The invitation-list columns, in template order. Headers are matched ignoring
# case, spaces and punctuation, in Bahasa Indonesia or English.
COLUMNS = (
    Column("full_name", "Nama lengkap", ("nama", "name", "full name", "nama peserta"), True,
           gettext_lazy("Without academic titles."), "Siti Rahmawati"),
    Column("title_front", "Gelar depan", ("front title", "front titles", "gelar"), False,
           gettext_lazy("e.g. Dr. Ir."), "Dr."),
    Column("title_back", "Gelar belakang", ("back title", "back titles"), False,
           gettext_lazy("e.g. S.Kom., M.T."), "S.Kom., M.T."),
    Column("nip", "NIP", ("nip/nik", "nomor induk pegawai"), False,
           gettext_lazy("18 digits, civil servants only. Format the column as Text in Excel."),
           "198503122010012003"),
    Column("employment", "Status kepegawaian", ("employment", "status", "status pegawai"),
           False, gettext_lazy("PNS, PPPK or Non-ASN. Empty: PNS when there is a NIP."), "PNS"),
    Column("pangkat_golongan", "Pangkat/golongan",
           ("pangkat", "golongan", "pangkat golongan", "rank/grade", "gol"), False,
           gettext_lazy("As on the decree: III/a, Penata Muda III/a; PPPK: IX."), "III/b"),
    Column("jabatan", "Jabatan", ("position", "jabatan/posisi"), False,
           gettext_lazy("The position, e.g. Kepala Seksi."), "Kepala Seksi"),
    Column("institution", "Instansi", ("institution", "unit kerja", "instansi/unit kerja"), True,
           gettext_lazy("Its name or short name exactly as in the list of institutions."),
           "Diskominfo"),
    Column("email", "E-mail", ("email", "surel", "alamat e-mail", "e-mail address"), True,
           gettext_lazy("One person per address."), "siti.rahmawati@example.org"),
    Column("phone", "Nomor HP", ("no hp", "no. hp", "hp", "phone", "mobile", "whatsapp",
                                  "nomor whatsapp", "mobile number", "telepon"), False,
           gettext_lazy("e.g. 0812-3456-7890."), "0812-3456-7890"),
    Column("role", "Peran", ("role", "sebagai"), False,
           gettext_lazy("peserta, narasumber, moderator or panitia. Empty: peserta."), "peserta"),
)  # fmt: skip
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9/]+", " ", str(text).lower()).strip()


HEADER_LOOKUP = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.key, *_column.aliases):
        HEADER_LOOKUP[_header_key(_name)] = _column


def normalise_headers(headers: list[str]) -> tuple[list[str], list[str]]:
    """Map the file's headers onto our columns. Returns the new headers (ours
    where recognised) and the names of the ignored ones; raises when a
    required column is missing or a column appears twice."""
    result, ignored, seen = [], [], set()
    for header in headers:
        column = HEADER_LOOKUP.get(_header_key(header))
        if column is None:
            result.append(header)
            ignored.append(header)
            continue
        if column.key in seen:
            raise RegistrationError(
                _("The column “%(column)s” appears twice.") % {"column": column.header},
                code="duplicate_column",
            )
        seen.add(column.key)
        result.append(column.header)
    missing = [column.header for column in COLUMNS if column.required and column.key not in seen]
    if missing:
        raise RegistrationError(
            _("Columns missing from the file: %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    return result, ignored


# --- Widgets: one cell to one value, ValueError with the message on bad input.


def _text(value) -> str:
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
        text = _text(value)
        if len(text) > self.max_length:
            raise ValueError(_("Longer than %(max)s characters.") % {"max": self.max_length})
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
        return nip_normalise(_text(value))


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
        text = re.sub(r"[^a-z0-9]+", " ", _text(value).lower()).strip()
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
        text = _text(value).lower().replace(",", "")
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
        text = _text(value).lower()
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
            return phone_normalise(_text(value))
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
        text = _text(value).lower()
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
            self.lookup.setdefault(_header_key(institution.name), institution)
            if institution.short_name:
                self.lookup.setdefault(_header_key(institution.short_name), institution)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        institution = self.lookup.get(_header_key(text))
        if institution is None:
            raise ValueError(
                _(
                    "Unknown institution “%(name)s”: use a name from the list of institutions "
                    "(the “Instansi” sheet of the template) or ask an organiser to add it."
                )
                % {"name": text}
            )
        return institution


class ImportedPerson:
    """One row of an invitation list once read (the import's "instance")."""

    def __init__(self) -> None:
        self.row_number = 0
        self.full_name = ""
        self.title_front = ""
        self.title_back = ""
        self.nip: str | None = None
        self.employment: str | None = None
        self.pangkat_golongan = ""
        self.jabatan = ""
        self.institution: Institution | None = None
        self.email = ""
        self.phone = ""
        self.role = RegistrationRole.PARTICIPANT
        self.participant: Participant | None = None  # an existing profile
        self.registration: Registration | None = None  # an earlier, inactive one
        self.already_registered = False

    def profile(self) -> dict:
        return {
            "full_name": self.full_name,
            "title_front": self.title_front,
            "title_back": self.title_back,
            "nip": self.nip,
            "employment": self.employment or Employment.NON_ASN,
            "pangkat_golongan": self.pangkat_golongan,
            "jabatan": self.jabatan,
            "institution": self.institution,
            "email": self.email,
            "phone": self.phone,
        }


def _field(key: str, widget) -> fields.Field:
    return fields.Field(attribute=key, column_name=COLUMN_BY_KEY[key].header, widget=widget)


class RegistrationImportResource(resources.Resource):
    full_name = _field("full_name", TextWidget(150))
    title_front = _field("title_front", TextWidget(60))
    title_back = _field("title_back", TextWidget(80))
    nip = _field("nip", NipWidget())
    employment = _field("employment", EmploymentWidget())
    pangkat_golongan = _field("pangkat_golongan", PangkatWidget())
    jabatan = _field("jabatan", TextWidget(200))
    institution = _field("institution", InstitutionWidget())
    email = _field("email", EmailWidget())
    phone = _field("phone", PhoneWidget())
    role = _field("role", RoleWidget())

    class Meta:
        instance_loader_class = instance_loaders.BaseInstanceLoader
        force_init_instance = True
        import_id_fields = ()
        skip_diff = True
        store_instance = True
        report_skipped = True
        use_transactions = True
        # No per-row savepoint: rows are only checked here, never written.
        use_bulk = True

    def __init__(self, *, event: Event) -> None:
        super().__init__()
        self.event = event
        self.accepted: list[ImportedPerson] = []
        self.by_email: dict[str, Participant] = {}
        self.by_nip: dict[str, Participant] = {}
        self.registrations: dict[int, Registration] = {}
        self.seen_email: dict[str, int] = {}
        self.seen_nip: dict[str, int] = {}

    # --- loading the lookups once per file

    def before_import(self, dataset, **kwargs):
        self.fields["institution"].widget.load()
        emails, nips = set(), set()
        email_header, nip_header = COLUMN_BY_KEY["email"].header, COLUMN_BY_KEY["nip"].header
        headers = dataset.headers or []
        for row in dataset.dict if headers else []:
            email = _text(row.get(email_header)).lower()
            if email:
                emails.add(email)
            nip = row.get(nip_header)
            if isinstance(nip, str) and nip.strip():
                nips.add(nip_normalise(nip))
        people = []
        for chunk in _chunks(sorted(emails), 900):
            people += Participant.objects.annotate(email_lower=Lower("email")).filter(
                email_lower__in=chunk
            )
        for chunk in _chunks(sorted(nips), 900):
            people += Participant.objects.filter(nip__in=chunk)
        self.by_email = {person.email.lower(): person for person in people}
        self.by_nip = {person.nip: person for person in people if person.nip}
        ids = {person.pk for person in people}
        self.registrations = {}
        for chunk in _chunks(sorted(ids), 900):
            for registration in Registration.objects.filter(
                event=self.event, participant_id__in=chunk
            ):
                self.registrations[registration.participant_id] = registration

    def init_instance(self, row=None):
        return ImportedPerson()

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.row_number = kwargs.get("row_number", 0)

    # --- the rules of one row

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors: dict[str, list] = {
            key: list(value.messages if isinstance(value, ValidationError) else value)
            for key, value in (import_validation_errors or {}).items()
        }

        def add(key: str, message: str) -> None:
            errors.setdefault(key, []).append(message)

        for key in ("full_name", "institution", "email"):
            if key not in errors and not getattr(instance, key):
                add(key, _("Required."))
        if instance.employment is None:
            instance.employment = Employment.PNS if instance.nip else Employment.NON_ASN
        if instance.email and "email" not in errors:
            first = self.seen_email.setdefault(instance.email, instance.row_number)
            if first != instance.row_number:
                add("email", _("The same e-mail address as row %(row)s.") % {"row": first + 1})
        if instance.nip and "nip" not in errors:
            first = self.seen_nip.setdefault(instance.nip, instance.row_number)
            if first != instance.row_number:
                add("nip", _("The same NIP as row %(row)s.") % {"row": first + 1})

        # The profile's own rules (NIP, pangkat/golongan, lengths), as in every form.
        candidate = Participant(**instance.profile())
        try:
            candidate.full_clean(
                exclude=["institution", "user", *errors.keys()],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    add(key, message)

        if not errors:
            try:
                instance.participant = participant_match(
                    email=instance.email,
                    nip=instance.nip,
                    by_email=self.by_email,
                    by_nip=self.by_nip,
                )
            except RegistrationError as error:
                add(NON_FIELD_ERRORS, error.message)
        if instance.participant is not None:
            registration = self.registrations.get(instance.participant.pk)
            if registration is not None and registration.status in ACTIVE_STATUSES:
                instance.already_registered = True
            else:
                instance.registration = registration
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        # Nothing is written here: the service writes every good row at once.
        if not instance.already_registered:
            self.accepted.append(instance)

    def after_import_row(self, row, row_result, **kwargs):
        instance = row_result.instance
        if instance is not None and instance.already_registered and row_result.is_valid():
            row_result.import_type = row_result.IMPORT_TYPE_SKIP


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Export -----------------------------------------------------------------


def _safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading quote
    (CSV/formula injection: a name typed as "=HYPERLINK(…)")."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


EXPORT_COLUMNS = (
    "number", "display_name", "full_name", "title_front", "title_back", "nip", "employment",
    "pangkat_golongan", "jabatan", "institution", "category", "email", "phone", "role_display",
    "status_display", "source_display", "registered_at",
)  # fmt: skip


class RegistrationExportResource(resources.ModelResource):
    """The participant list as a government report wants it (daftar peserta):
    number, name with titles, NIP, pangkat/golongan, jabatan, institution,
    contact, role and status. Headers in Bahasa Indonesia, like the forms."""

    number = fields.Field(column_name="No.", dehydrate_method="dehydrate_number")
    display_name = fields.Field(column_name="Nama dan gelar", attribute="participant__display_name")
    full_name = fields.Field(column_name="Nama lengkap", attribute="participant__full_name")
    title_front = fields.Field(column_name="Gelar depan", attribute="participant__title_front")
    title_back = fields.Field(column_name="Gelar belakang", attribute="participant__title_back")
    nip = fields.Field(column_name="NIP", attribute="participant__nip")
    employment = fields.Field(column_name="Status kepegawaian")
    pangkat_golongan = fields.Field(column_name="Pangkat/golongan")
    jabatan = fields.Field(column_name="Jabatan", attribute="participant__jabatan")
    institution = fields.Field(column_name="Instansi", attribute="participant__institution__name")
    category = fields.Field(
        column_name="Kategori instansi", attribute="participant__institution__category__name"
    )
    email = fields.Field(column_name="E-mail", attribute="participant__email")
    phone = fields.Field(column_name="Nomor HP")
    role_display = fields.Field(column_name="Peran")
    status_display = fields.Field(column_name="Status pendaftaran")
    source_display = fields.Field(column_name="Sumber")
    registered_at = fields.Field(column_name="Tanggal daftar")

    class Meta:
        model = Registration
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS
        chunk_size = 2000

    def __init__(self, *, event: Event) -> None:
        super().__init__()
        self.event = event
        self._counter = 0
        self._labels: dict[str, dict[str, str]] = {}

    def export(self, queryset=None, **kwargs):
        # Labels are looked up once per export, not once per row (10,000 rows).
        self._counter = 0
        self._labels = {
            "role": {value: str(label) for value, label in RegistrationRole.choices},
            "status": {value: str(label) for value, label in RegistrationStatus.choices},
            "source": {value: str(label) for value, label in RegistrationSource.choices},
            "pangkat": {value: str(label) for value, label in PangkatGolongan.choices},
        }
        return super().export(queryset, **kwargs)

    def dehydrate_number(self, registration):
        self._counter += 1
        return self._counter

    def dehydrate_employment(self, registration):
        return {"pns": "PNS", "pppk": "PPPK"}.get(registration.participant.employment, "Non-ASN")

    def dehydrate_pangkat_golongan(self, registration):
        return self._labels["pangkat"].get(registration.participant.pangkat_golongan, "")

    def dehydrate_phone(self, registration):
        return phone_local(registration.participant.phone)

    def dehydrate_role_display(self, registration):
        return self._labels["role"].get(registration.role, registration.role)

    def dehydrate_status_display(self, registration):
        return self._labels["status"].get(registration.status, registration.status)

    def dehydrate_source_display(self, registration):
        return self._labels["source"].get(registration.source, registration.source)

    def dehydrate_registered_at(self, registration):
        local = registration.created_at.astimezone(self.event.tzinfo)
        return formatting.format_date(local, weekday=False) + " " + formatting.format_time(local)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        """One row, read straight from the instance: the same columns as the
        declared fields, without import-export's per-cell attribute walk
        (85,000 cells per 5,000 people)."""
        participant = instance.participant
        institution = participant.institution
        row = [
            self.dehydrate_number(instance),
            participant.display_name,
            participant.full_name,
            participant.title_front,
            participant.title_back,
            participant.nip or "",
            self.dehydrate_employment(instance),
            self.dehydrate_pangkat_golongan(instance),
            participant.jabatan,
            institution.name,
            institution.category.name,
            participant.email,
            self.dehydrate_phone(instance),
            self.dehydrate_role_display(instance),
            self.dehydrate_status_display(instance),
            self.dehydrate_source_display(instance),
            self.dehydrate_registered_at(instance),
        ]
        return [_safe_cell(value) for value in row]


class StreamingXLSX(base_formats.XLSX):
    """XLSX written row by row (openpyxl's write-only mode): a 10,000-row
    export in flat memory and a fraction of the time of a full workbook.
    The header row is bold and frozen, as in the template."""

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=(dataset.title or "Peserta")[:31])
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for title in dataset.headers:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in dataset:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def export_queryset(queryset):
    """What the export needs, in one query (chunked by the resource)."""
    return queryset.select_related(
        "participant", "participant__institution", "participant__institution__category"
    ).order_by("participant__full_name", "id")


def export_filename(event: Event, extension: str) -> str:
    return f"peserta-{event.code}-{dt.date.today():%Y%m%d}.{extension}"
