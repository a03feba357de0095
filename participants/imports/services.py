"""Invitation lists: upload → check (a dry run listing every bad row) →
confirm → every row written in one transaction, or none."""

from dataclasses import asdict, dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.roles import Role, grant_role
from bimtek.models import Event
from bimtek.services import audit_record
from participants.emails import Mail
from participants.errors import RegistrationError
from participants.imports.columns import COLUMN_BY_KEY, normalise_headers
from participants.imports.resources import ImportedPerson, RegistrationImportResource
from participants.imports.spreadsheets import file_format, read_dataset
from participants.models import Participant, ParticipantImport, Registration
from participants.models.imports import ImportStatus
from participants.models.registrations import (
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from participants.notifications import notify
from participants.services.registrations import (
    _check_event_accepts,
    _promote_waitlist,
    event_lock,
    initial_status,
    seats_free,
)

SAMPLE_ROWS = 20  # good rows shown in the preview, to check the columns were read right


@dataclass
class RowProblem:
    row: int  # as numbered in the spreadsheet (the header is row 1)
    name: str
    email: str
    errors: list[tuple[str, str]]  # (column header or "", message)


@dataclass
class ImportReport:
    total: int = 0
    error_rows: list[RowProblem] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    new_people: int = 0
    existing_people: int = 0
    already_registered: int = 0
    to_register: int = 0
    would_approve: int = 0
    would_waitlist: int = 0
    sample: list[dict[str, str]] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.error_rows and not self.file_errors and self.total > 0

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        data = dict(data)
        data.pop("language", None)  # stored beside the report (participant_import_report)
        data.pop("translations", None)
        data["error_rows"] = [
            RowProblem(**{**problem, "errors": [tuple(e) for e in problem["errors"]]})
            for problem in data.get("error_rows", [])
        ]
        return cls(**data)


def _attribute_header(key: str) -> str:
    if key == NON_FIELD_ERRORS:
        return ""
    column = COLUMN_BY_KEY.get(key)
    return column.header if column else key


def _display(value) -> str:
    return "" if value is None else str(value)


def _check(event: Event, content: bytes, fmt: str) -> tuple[ImportReport, list[ImportedPerson]]:
    """Read and check every row; nothing is written."""
    report = ImportReport()
    try:
        dataset = read_dataset(content, file_format=fmt)
        dataset.headers, report.ignored_columns = normalise_headers(dataset.headers)
    except RegistrationError as error:
        report.file_errors.append(error.message)
        return report, []
    report.total = len(dataset)
    if not report.total:
        report.file_errors.append(_("The file has a header row but no people."))
        return report, []
    resource = RegistrationImportResource(event=event)
    result = resource.import_data(dataset, dry_run=True, use_transactions=True)
    for error in result.base_errors:
        report.file_errors.append(str(error.error))
    name_header = COLUMN_BY_KEY["full_name"].header
    email_header = COLUMN_BY_KEY["email"].header
    for invalid in result.invalid_rows:
        values = dict(zip(dataset.headers, invalid.values, strict=False))
        problems = [
            (_attribute_header(key), message)
            for key, messages in invalid.error_dict.items()
            for message in messages
        ]
        report.error_rows.append(
            RowProblem(
                row=invalid.number + 1,
                name=_display(values.get(name_header))[:150],
                email=_display(values.get(email_header))[:254],
                errors=problems,
            )
        )
    for number, errors in result.row_errors():
        report.error_rows.append(
            RowProblem(
                row=number + 1,
                name="",
                email="",
                errors=[
                    ("", _("This row could not be read: %(error)s") % {"error": e.error})
                    for e in errors
                ],
            )
        )
    report.error_rows.sort(key=lambda problem: problem.row)
    people = resource.accepted
    report.already_registered = sum(
        1 for row in result.rows if row.import_type == row.IMPORT_TYPE_SKIP
    )
    report.to_register = len(people)
    report.new_people = sum(1 for person in people if person.participant is None)
    report.existing_people = report.to_register - report.new_people
    free = seats_free(event)
    for person in people:
        status = initial_status(
            event=event, role=person.role, source=RegistrationSource.IMPORT, free=free
        )
        if status == RegistrationStatus.APPROVED:
            report.would_approve += 1
            if free is not None and person.role == RegistrationRole.PARTICIPANT:
                free -= 1
        else:
            report.would_waitlist += 1
    report.sample = [
        {
            COLUMN_BY_KEY["full_name"].header: person.full_name,
            COLUMN_BY_KEY["nip"].header: person.nip or "",
            COLUMN_BY_KEY["institution"].header: person.institution.name,
            COLUMN_BY_KEY["email"].header: person.email,
            COLUMN_BY_KEY["role"].header: str(RegistrationRole(person.role).label),
        }
        for person in people[:SAMPLE_ROWS]
    ]
    return report, people


def participant_import_upload(
    *, event: Event, name: str, content: bytes, actor, send_emails: bool = True
) -> ParticipantImport:
    """Store the file and check it (the preview). Earlier unconfirmed uploads
    of this organiser for this event are discarded with their files."""
    fmt = file_format(name)
    with transaction.atomic():
        _check_event_accepts(event, source=RegistrationSource.IMPORT, invitation=None)
        for stale in ParticipantImport.objects.filter(
            event=event, uploaded_by=actor, status=ImportStatus.PREVIEWED
        ):
            _discard(stale)
        upload = ParticipantImport(
            event=event,
            original_name=name[:200],
            file_format=fmt,
            send_emails=send_emails,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        report, _people = _check(event, content, fmt)
        upload.report = report.as_json() | {"language": get_language()}
        upload.row_count = report.total
        upload.error_row_count = len(report.error_rows)
        upload.file.save(f"{event.code}.{fmt}", ContentFile(content), save=False)
        upload.save()
    return upload


def participant_import_report(*, upload: ParticipantImport, language: str) -> ImportReport | None:
    """The check report in ``language``. Its messages are written in the
    language of whoever ran the check; for a reader in another language the
    stored file is checked again in theirs (a dry run, nothing is written)
    and that report kept beside the first. Without the file (imported or
    discarded) the report has no messages left that need it."""
    data = upload.report or {}
    if not data:
        return None
    if data.get("language", language) == language:
        return ImportReport.from_json(data)
    translated = data.get("translations", {}).get(language)
    if translated:
        return ImportReport.from_json(translated)
    report = ImportReport.from_json(data)
    if not (report.error_rows or report.file_errors) or not upload.file:
        return report
    with upload.file.open("rb") as stored:
        content = stored.read()
    with translation.override(language):
        report, _people = _check(upload.event, content, upload.file_format)
    translations = data.get("translations", {})
    translations[language] = report.as_json()
    upload.report = data | {"translations": translations}
    upload.save(update_fields=["report"])
    return report


def _discard(upload: ParticipantImport) -> None:
    if upload.file:
        upload.file.delete(save=False)
    upload.status = ImportStatus.DISCARDED
    upload.save(update_fields=["file", "status"])


@transaction.atomic
def participant_import_discard(*, upload: ParticipantImport, actor) -> None:
    if upload.status == ImportStatus.PREVIEWED:
        _discard(upload)


def participant_import_commit(*, upload: ParticipantImport, actor) -> ImportReport:
    """Check the stored file again under the event's lock and, if every row is
    good, write all of it in one transaction: new profiles, registrations
    (approved while seats last, then the waiting list), one audit entry, and
    the tickets e-mailed after commit. Any error: nothing is written and the
    report says why."""
    if upload.status != ImportStatus.PREVIEWED or not upload.file:
        raise RegistrationError(
            _("This file has already been imported or discarded."), code="import_done"
        )
    with upload.file.open("rb") as stored:
        content = stored.read()
    try:
        with transaction.atomic():
            event = event_lock(upload.event)
            _check_event_accepts(event, source=RegistrationSource.IMPORT, invitation=None)
            report, people = _check(event, content, upload.file_format)
            if not report.ok:
                raise _Rejected(report)
            _promote_waitlist(event, actor=actor)
            created, approved, waitlisted = _write(event, people, actor=actor)
            upload.status = ImportStatus.COMMITTED
            upload.committed_at = timezone.now()
            upload.new_participant_count = created
            upload.registered_count = len(people)
            upload.skipped_count = report.already_registered
            report.committed = True
            upload.report = report.as_json()
            upload.file.delete(save=False)  # personal data: keep no copy once imported
            upload.save()
            audit_record(
                actor=actor,
                action="registration.import",
                target=upload,
                event=event,
                # Language-neutral: the History tab labels the figures in
                # the reader's language (the fields' verbose names).
                summary=upload.original_name,
                changes={
                    "registered_count": len(people),
                    "new_participant_count": created,
                    "approved": len(approved),
                    "waitlisted": len(waitlisted),
                    "skipped_count": report.already_registered,
                },
            )
            if upload.send_emails:
                notify(Mail.CONFIRMED, approved)
                notify(Mail.WAITLISTED, waitlisted)
    except _Rejected as rejected:
        upload.report = rejected.report.as_json() | {"language": get_language()}
        upload.error_row_count = len(rejected.report.error_rows)
        upload.save(update_fields=["report", "error_row_count"])
        return rejected.report
    except (IntegrityError, DatabaseError) as error:
        raise RegistrationError(
            _("Someone changed these people while the file was being imported; check it again."),
            code="import_conflict",
        ) from error
    return report


class _Rejected(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("import rejected")
        self.report = report


def _write(
    event: Event, people: list[ImportedPerson], *, actor
) -> tuple[int, list[int], list[int]]:
    now = timezone.now()
    new = [person for person in people if person.participant is None]
    owners = _verified_owners([person.email for person in new])
    created = Participant.objects.bulk_create(
        [
            Participant(user=owners.get(person.email), language="", **person.profile())
            for person in new
        ],
        batch_size=500,
    )
    for person, participant in zip(new, created, strict=True):
        person.participant = participant
    for user in owners.values():
        grant_role(user, Role.PARTICIPANT)

    free = seats_free(event)
    to_create, to_reopen = [], []
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    for person in people:
        status = initial_status(
            event=event, role=person.role, source=RegistrationSource.IMPORT, free=free
        )
        if (
            status == RegistrationStatus.APPROVED
            and free is not None
            and person.role == RegistrationRole.PARTICIPANT
        ):
            free -= 1
        if person.registration is not None:  # cancelled or rejected before: reopen it
            registration = person.registration
            registration.role, registration.status = person.role, status
            registration.source, registration.invitation = RegistrationSource.IMPORT, None
            registration.status_changed_at, registration.reminder_sent_at = now, None
            to_reopen.append(registration)
        else:
            to_create.append(
                Registration(
                    event=event,
                    participant=person.participant,
                    role=person.role,
                    status=status,
                    source=RegistrationSource.IMPORT,
                    created_by=actor_user,
                    status_changed_at=now,
                )
            )
    Registration.objects.bulk_create(to_create, batch_size=500)
    Registration.objects.bulk_update(
        to_reopen,
        ["role", "status", "source", "invitation", "status_changed_at", "reminder_sent_at"],
        batch_size=500,
    )
    registrations = to_create + to_reopen
    approved = [r.pk for r in registrations if r.status == RegistrationStatus.APPROVED]
    waitlisted = [r.pk for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    return len(created), approved, waitlisted


def _verified_owners(emails: list[str]) -> dict:
    """Accounts that verified one of these addresses and have no profile yet:
    their new profile is theirs at once (no claim needed)."""
    owners = {}
    wanted = sorted({email.lower() for email in emails})
    for start in range(0, len(wanted), 900):
        for address in EmailAddress.objects.filter(
            email__in=wanted[start : start + 900], verified=True, user__participant__isnull=True
        ).select_related("user"):
            owners.setdefault(address.email.lower(), address.user)
    return owners
