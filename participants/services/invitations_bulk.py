"""Invitations in bulk: every OPD of the city × 2 places in one go.

The organiser downloads a template (optionally filled with every confirmed
institution of a category not yet invited, each with the same number of
places), writes each institution's contact person and e-mail address, and
uploads it. The file is read and checked first (``invitations_bulk_plan``):
every row with a problem is named with its row number, institutions already
invited are skipped and listed, and nothing is written until the organiser
confirms the preview (``invitations_bulk_create``), which checks everything
again and writes all of it or nothing."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from bimtek.models import Event, Institution, InstitutionCategory
from bimtek.spreadsheets import xlsx_table
from participants.errors import RegistrationError
from participants.imports.spreadsheets import read_dataset
from participants.models import Invitation
from participants.services.invitations import invitation_create, invitations_refusal

MAX_QUOTA = 1000
CONTACT_NAME_MAX = 150
# Column → the headers accepted for it (lower case; the template writes the first).
COLUMNS = {
    "institution": ("instansi", "institution"),
    "contact_name": ("nama narahubung", "narahubung", "contact person", "contact name"),
    "contact_email": ("e-mail narahubung", "e-mail", "email", "contact e-mail"),
    "quota": ("jumlah tempat", "tempat", "kuota", "places", "quota"),
}
TEMPLATE_HEADERS = ["Instansi", "Nama narahubung", "E-mail narahubung", "Jumlah tempat"]


@dataclass(frozen=True)
class BulkRow:
    row: int  # as numbered in the spreadsheet (the header is row 1)
    institution_id: int
    institution_name: str
    contact_name: str
    contact_email: str
    quota: int


@dataclass
class BulkPlan:
    to_create: list[BulkRow] = field(default_factory=list)
    already_invited: list[BulkRow] = field(default_factory=list)
    # (row number or None for the whole file, message)
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def places(self) -> int:
        return sum(row.quota for row in self.to_create)


def _refuse_open_only(event: Event) -> None:
    refusal = invitations_refusal(event)
    if refusal is not None:
        raise refusal


def invitations_bulk_template(*, event: Event, category: InstitutionCategory | None, quota: int):
    """The template as XLSX bytes: with a category, one row per confirmed
    institution of it not yet invited to ``event``, each with ``quota``
    places and the contact to fill in; without, the headers only."""
    rows = []
    if category is not None:
        invited = Invitation.objects.filter(event=event).values("institution_id")
        institutions = (
            Institution.objects.filter(category=category, is_confirmed=True)
            .exclude(pk__in=invited)
            .order_by("name")
        )
        rows = [[institution.name, "", "", quota] for institution in institutions]
    return xlsx_table(TEMPLATE_HEADERS, rows, title=_("Invitations"))


def _column_indexes(headers: list) -> dict[str, int]:
    found = {}
    for index, header in enumerate(headers):
        text = " ".join(str(header or "").split()).lower()
        for key, names in COLUMNS.items():
            if text in names and key not in found:
                found[key] = index
    missing = [TEMPLATE_HEADERS[list(COLUMNS).index(key)] for key in COLUMNS if key not in found]
    if missing:
        raise RegistrationError(
            _("The file lacks the column(s) %(columns)s. Start from the template.")
            % {"columns": ", ".join(f"“{name}”" for name in missing)},
            code="missing_columns",
        )
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def invitations_bulk_plan(*, event: Event, content: bytes, file_format: str) -> BulkPlan:
    """Read and check an uploaded list; nothing is written."""
    plan = BulkPlan()
    try:
        _refuse_open_only(event)
        dataset = read_dataset(content, file_format=file_format)
        columns = _column_indexes(list(dataset.headers or []))
    except RegistrationError as error:
        plan.errors.append((None, error.message))
        return plan
    if not len(dataset):
        plan.errors.append((None, _("The file has a header row but no institutions.")))
        return plan
    by_name = {}
    for institution in Institution.objects.annotate(lower=Lower("name")).only(
        "pk", "name", "short_name"
    ):
        by_name.setdefault(institution.lower, institution)
        if institution.short_name:
            by_name.setdefault(institution.short_name.lower(), institution)
    invited = set(Invitation.objects.filter(event=event).values_list("institution_id", flat=True))
    seen: dict[int, int] = {}
    for offset, values in enumerate(dataset):
        number = offset + 2
        cell = {key: _text(values[index]) for key, index in columns.items()}
        if not any(cell.values()):
            continue  # an empty row between the others
        problems = []
        institution = by_name.get(cell["institution"].lower())
        if not cell["institution"]:
            problems.append(_("the institution is missing"))
        elif institution is None:
            problems.append(
                _("“%(name)s” is not in the institution list (add it there or correct the name)")
                % {"name": cell["institution"][:200]}
            )
        if not cell["contact_name"]:
            problems.append(_("the contact person is missing"))
        elif len(cell["contact_name"]) > CONTACT_NAME_MAX:
            problems.append(
                _("the contact person's name is longer than %(count)d characters")
                % {"count": CONTACT_NAME_MAX}
            )
        email = cell["contact_email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("“%(email)s” is not an e-mail address") % {"email": cell["contact_email"][:254]}
                if email
                else _("the e-mail address is missing")
            )
        quota = int(cell["quota"]) if cell["quota"].isdigit() else 0
        if not 1 <= quota <= MAX_QUOTA:
            problems.append(
                _("the number of places must be a whole number from 1 to %(max)d")
                % {"max": MAX_QUOTA}
            )
        if institution is not None and institution.pk in seen:
            problems.append(
                _("%(name)s is already on row %(row)d")
                % {"name": institution.name, "row": seen[institution.pk]}
            )
        if problems:
            plan.errors.append((number, "; ".join(problems)))
            continue
        seen[institution.pk] = number
        row = BulkRow(
            row=number,
            institution_id=institution.pk,
            institution_name=institution.name,
            contact_name=cell["contact_name"],
            contact_email=email,
            quota=quota,
        )
        (plan.already_invited if institution.pk in invited else plan.to_create).append(row)
    if not plan.errors and not plan.to_create:
        plan.errors.append((None, _("Every institution in the file is already invited.")))
    return plan


@transaction.atomic
def invitations_bulk_create(*, event: Event, rows: list[BulkRow], actor) -> list[Invitation]:
    """Create (and send) the invitations of a confirmed preview, all or none.
    An institution invited meanwhile (another tab, a colleague) is skipped,
    as the preview would now list it."""
    _refuse_open_only(event)
    Event.objects.select_for_update().filter(pk=event.pk).first()
    invited = set(Invitation.objects.filter(event=event).values_list("institution_id", flat=True))
    institutions = Institution.objects.in_bulk([row.institution_id for row in rows])
    created = []
    for row in rows:
        if row.institution_id in invited or row.institution_id not in institutions:
            continue
        created.append(
            invitation_create(
                event=event,
                institution=institutions[row.institution_id],
                quota=row.quota,
                contact_name=row.contact_name,
                contact_email=row.contact_email,
                actor=actor,
            )
        )
        invited.add(row.institution_id)
    return created
