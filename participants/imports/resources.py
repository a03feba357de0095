"""The django-import-export resource of the invitation-list import.

The import resource only *checks* rows (widgets clean each cell; the model's
own validation and the duplicate rules run per row) and collects the good
ones; ``participants.imports.services`` writes them in one transaction once
no row has an error. Lookups (institutions, existing people, this event's
registrations) are loaded once per file, so checking costs the same few
queries for 20 rows or 5,000.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from import_export import fields, instance_loaders, resources

from bimtek.models import Event, Institution
from participants.errors import RegistrationError
from participants.imports.columns import COLUMN_BY_KEY
from participants.imports.widgets import (
    EmailWidget,
    EmploymentWidget,
    InstitutionWidget,
    NameWidget,
    NipWidget,
    PangkatWidget,
    PhoneWidget,
    RoleWidget,
    cell_text,
)
from participants.models import Participant, Registration
from participants.models.people import Employment
from participants.models.registrations import ACTIVE_STATUSES, RegistrationRole
from participants.nip import nip_normalise
from participants.services.people import participant_match


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
    full_name = _field("full_name", NameWidget(150))
    title_front = _field("title_front", NameWidget(60))
    title_back = _field("title_back", NameWidget(80))
    nip = _field("nip", NipWidget())
    employment = _field("employment", EmploymentWidget())
    pangkat_golongan = _field("pangkat_golongan", PangkatWidget())
    jabatan = _field("jabatan", NameWidget(200))
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
            email = cell_text(row.get(email_header)).lower()
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
