"""Writes for certificates: settings, exceptions, issuing, revoking."""

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek.models import Event
from bimtek.services import audit_record
from certificates import emails, images, jp, rendering, selectors, texts
from certificates.errors import CertificateError
from certificates.models import (
    Certificate,
    CertificateCounter,
    CertificateSettings,
    EligibilityException,
    ExceptionDecision,
)
from participants.models import Registration
from participants.models.registrations import RegistrationStatus

logger = logging.getLogger(__name__)

# --- Settings ----------------------------------------------------------------


def certificate_settings_ensure(*, event: Event) -> CertificateSettings:
    settings, _created = CertificateSettings.objects.get_or_create(event=event)
    settings.event = event  # in hand: the snapshot and the PDF read it
    return settings


def certificate_settings_update(
    *,
    actor,
    settings: CertificateSettings,
    changes: dict[str, Any],
    uploads: dict[str, Any] | None = None,
    clear: set[str] | frozenset[str] = frozenset(),
) -> CertificateSettings:
    """Apply form values; ``uploads`` maps image fields to uploaded files
    (validated and re-encoded here), ``clear`` names images to remove.
    All or nothing: on any error no row changes and new files are removed."""
    new_files: list[str] = []
    try:
        with transaction.atomic():
            old_files = _settings_update(
                actor=actor,
                settings=settings,
                changes=changes,
                uploads=uploads or {},
                clear=clear,
                new_files=new_files,
            )
    except Exception:
        _delete_files(new_files)
        raise
    transaction.on_commit(lambda: _delete_files(old_files))
    return settings


def _settings_update(*, actor, settings, changes, uploads, clear, new_files) -> list[str]:
    changed = []
    opens_downloads = changes.get("downloads_open") and not settings.downloads_open
    for name, value in changes.items():
        if getattr(settings, name) != value:
            setattr(settings, name, value)
            changed.append(name)
    old_files = []
    for name in CertificateSettings.IMAGE_FIELDS:
        field_file = getattr(settings, name)
        if uploads.get(name):
            kind = "background" if name == "background" else name
            content = images.normalise_image(uploads[name], kind=kind)
            if field_file:
                old_files.append(field_file.name)
            field_file.save(content.name, content, save=False)
            new_files.append(field_file.name)
            changed.append(name)
        elif name in clear and field_file:
            old_files.append(field_file.name)
            setattr(settings, name, "")
            changed.append(name)
    settings.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    settings.full_clean()
    settings.save()
    if changed:
        audit_record(
            actor=actor,
            action="certificate.settings",
            target=settings,
            event=settings.event,
            # The History tab names the fields (in the reader's language) from
            # ``changes``; a summary of code names would show them raw.
            changes={"fields": changed},
        )
    if opens_downloads:
        # Everyone approved is a candidate; the e-mail task tells those whose
        # certificate is available when it runs, each once.
        emails.notify_available(
            Registration.objects.filter(
                event=settings.event, status=RegistrationStatus.APPROVED
            ).values_list("pk", flat=True)
        )
    return old_files


def certificate_settings_copy(
    *, actor, source: Event, event: Event, days: int = 0
) -> CertificateSettings | None:
    """Give ``event`` the certificate design of ``source`` (a clone: "Tahap II"
    prints like "Tahap I"), with its own copy of every image — files are
    deleted when an event's design replaces them, so two events never share
    one. The signing date moves with the event; downloads start closed.
    Called inside the clone's transaction: on any error nothing is kept."""
    original = CertificateSettings.objects.filter(event=source).first()
    if original is None:
        return None
    skipped = {"id", "event", "updated_at", "updated_by", "downloads_open", *original.IMAGE_FIELDS}
    copy = CertificateSettings(
        event=event,
        downloads_open=False,
        updated_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{
            field.attname: getattr(original, field.attname)
            for field in CertificateSettings._meta.concrete_fields
            if field.name not in skipped
        },
    )
    if copy.signing_date:
        copy.signing_date += dt.timedelta(days=days)
    new_files: list[str] = []
    try:
        for name in original.IMAGE_FIELDS:
            field_file = getattr(original, name)
            if field_file:
                with default_storage.open(field_file.name, "rb") as content:
                    getattr(copy, name).save(
                        field_file.name.rsplit("/", 1)[-1], File(content), save=False
                    )
                new_files.append(getattr(copy, name).name)
        copy.full_clean()
        copy.save()
    except Exception:
        _delete_files(new_files)
        raise
    audit_record(
        actor=actor,
        action="certificate.settings",
        target=copy,
        event=event,
        changes={"source": source.code},
    )
    return copy


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - storage trouble is not the organiser's
            logger.warning("could not delete %s", name)


# --- Exceptions ------------------------------------------------------------


@transaction.atomic
def eligibility_exception_set(
    *, actor, registration: Registration, decision: str, reason: str
) -> EligibilityException:
    """Grant or deny the certificate whatever the attendance, with a reason."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateError(_("Give a reason for the exception."), code="reason_required")
    if decision not in ExceptionDecision.values:
        raise CertificateError(_("Choose grant or deny."), code="invalid_decision")
    if registration.status != RegistrationStatus.APPROVED:
        raise CertificateError(
            _("Only approved registrations can get a certificate."), code="not_approved"
        )
    exception, _created = EligibilityException.objects.update_or_create(
        registration=registration,
        defaults={
            "decision": decision,
            "reason": reason[:300],
            "decided_by": actor if getattr(actor, "is_authenticated", False) else None,
            "decided_at": timezone.now(),
        },
    )
    exception.full_clean()
    audit_record(
        actor=actor,
        action=f"certificate.exception_{decision}",
        target=registration,
        event=registration.event,
        summary=f"{registration.participant.display_name}: {reason}",
        changes={"decision": decision, "reason": reason},
    )
    return exception


@transaction.atomic
def eligibility_exception_clear(*, actor, registration: Registration) -> None:
    deleted, _rows = EligibilityException.objects.filter(registration=registration).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="certificate.exception_clear",
            target=registration,
            event=registration.event,
            summary=registration.participant.display_name,
        )


# --- Issuing -----------------------------------------------------------------


def _allocate_sequence(event: Event) -> int:
    """The next number of the event, under a row lock held until commit:
    concurrent issuers wait, so numbers have no gaps and no duplicates."""
    CertificateCounter.objects.get_or_create(event=event)
    counter = CertificateCounter.objects.select_for_update().get(event=event)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


# What full_clean() would ask the database and need not here: the foreign
# keys are objects in hand (event, registration, actor, the revoked one);
# the sequence comes from the counter under its lock; the one valid
# certificate per registration was checked just above under the same lock;
# the verification code is 100 random bits; a new certificate is neither
# revoked nor without a number. Each of those is also a database constraint.
# That was 15 statements of a first download's ~45 (docs/profile.md).
_CHECKED_BY_THE_SERVICE = ("event", "registration", "issued_by", "replaces", "code")


def _validate_new(certificate: Certificate) -> None:
    """full_clean() of a certificate being issued, minus the reads the issue
    itself makes needless: the values' own validation, and the one rule
    the organiser can break — a number pattern that prints a number already
    used at this event (ValidationError, as full_clean() raised)."""
    certificate.clean_fields(exclude=_CHECKED_BY_THE_SERVICE)
    certificate.clean()
    if Certificate.objects.filter(event=certificate.event, number=certificate.number).exists():
        raise ValidationError(certificate.unique_error_message(Certificate, ("event", "number")))


def certificate_issue(
    *,
    actor,
    registration: Registration,
    settings: CertificateSettings | None = None,
    sessions=None,
    progress: selectors.Progress | None = None,
    replaces: Certificate | None = None,
    announce: bool = False,
) -> Certificate:
    """Issue the registration's certificate: check eligibility, allocate the
    next number, freeze what is printed. ``settings``/``sessions``/``progress``
    may be passed by a bulk run that already has them. A certificate issued
    after a revocation replaces the revoked one (``replaces``; its verification
    page points here) and its holder is e-mailed (after commit). ``announce``
    (a bulk run with downloads open): the "certificate available" e-mail is
    queued in the issue's own transaction — both are kept, or neither."""
    event = registration.event
    settings = settings or certificate_settings_ensure(event=event)
    if settings.pk is None:
        settings = certificate_settings_ensure(event=event)
    sessions = selectors.countable_sessions(event) if sessions is None else sessions
    if progress is None:
        progress = selectors.eligibility_for_registrations(
            event=event, registrations=[registration], settings=settings, sessions=sessions
        )[registration.pk]
    if not progress.eligible:
        raise CertificateError(
            _("This registration is not eligible for a certificate."), code="not_eligible"
        )
    jp_fields = jp.snapshot_fields(
        settings=settings,
        registration=registration,
        sessions=sessions,
        jp_attended=progress.jp_attended,
    )
    snapshot = rendering.snapshot_for(
        settings=settings,
        registration=registration,
        jp_total=jp_fields["jp_total"],
        jp_fields=jp_fields,
    )
    signed_on = rendering.signing_date(settings)
    try:
        with transaction.atomic():
            sequence = _allocate_sequence(event)
            # Under the counter lock every issue at this event is serialised,
            # so this check cannot race.
            if Certificate.objects.filter(
                registration=registration, revoked_at__isnull=True
            ).exists():
                raise CertificateError(
                    _("A valid certificate was already issued for this registration."),
                    code="already_issued",
                )
            if replaces is None:
                replaces = selectors.revoked_unreplaced(registration)
            number = texts.render_number(
                settings.number_pattern, seq=sequence, on=signed_on, event_code=event.code
            )
            snapshot["number"] = number
            certificate = Certificate(
                event=event,
                registration=registration,
                sequence=sequence,
                number=number,
                snapshot=snapshot,
                issued_at=timezone.now(),
                issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                replaces=replaces,
            )
            _validate_new(certificate)
            certificate.save()
            audit_record(
                actor=actor,
                action="certificate.issue",
                target=certificate,
                event=event,
                summary=f"{number} — {snapshot['name']}",
                changes={"number": number, "registration": registration.pk},
            )
            if (
                announce
                and selectors.availability_of(
                    progress=progress,
                    certificate=certificate,
                    revoked=None,
                    downloads_open=settings.downloads_open,
                ).available
            ):
                emails.notify_issued_available(registration, certificate)
            if certificate.replaces_id:
                # In the issue's transaction: no replacement without its
                # e-mail, no e-mail about a replacement rolled back.
                emails.notify_reissued(certificate)
    except ValidationError as error:
        # e.g. the pattern now prints a number already used at this event
        raise CertificateError(
            _("The certificate could not be issued: %(error)s")
            % {"error": "; ".join(error.messages)},
            code="invalid",
        ) from error
    except IntegrityError as error:
        raise CertificateError(
            _("A valid certificate was already issued for this registration."),
            code="already_issued",
        ) from error
    return certificate


def _refusal(code: str) -> str:
    """What the holder is told when their download is not available."""
    if code == selectors.Availability.DOWNLOADS_CLOSED:
        return _("Certificates of this event cannot be downloaded yet.")
    if code == selectors.Availability.REVOKED:
        return _(
            "Your certificate was revoked by the organiser. "
            "Ask the organiser if it should be reissued."
        )
    return _("This registration is not eligible for a certificate.")


def certificate_get_or_issue(
    *, actor, registration: Registration, as_organiser: bool = False
) -> Certificate:
    """A download from the ticket: the valid certificate, issued on first use.

    For the holder (the default) only when ``selectors.certificate_availability``
    says so, else a ``CertificateError`` with its code (``downloads_closed``,
    ``not_eligible``, ``revoked``). An organiser (``as_organiser``; the caller
    asks the permission) gets the valid one, or a new one when the
    registration is eligible, whether downloads are open or an earlier
    certificate was revoked — as from the organiser's own pages."""
    progress = None
    if not as_organiser:
        availability = selectors.certificate_availability(registration)
        if not availability.available:
            raise CertificateError(_refusal(availability.code), code=availability.code)
        if availability.certificate is not None:
            return availability.certificate
        # Just decided on the same reads certificate_issue would repeat
        # (attendance, exception, evaluations: four statements); both are
        # read before the counter's lock, as a bulk run's progress is.
        progress = availability.progress
    else:
        existing = selectors.valid_certificate_for(registration)
        if existing:
            return existing
    try:
        return certificate_issue(actor=actor, registration=registration, progress=progress)
    except CertificateError as error:
        if error.code == "already_issued":  # a double tap issued it meanwhile
            existing = selectors.valid_certificate_for(registration)
            if existing:
                return existing
        raise


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate with a reason; its holder is e-mailed the reason
    (after commit). It stays revoked until the organiser reissues it."""
    revoked = _revoke(actor=actor, certificate=certificate, reason=reason)
    emails.notify_revoked(revoked)
    return revoked


def _revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateError(_("Give a reason for revoking."), code="reason_required")
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise CertificateError(_("This certificate is already revoked."), code="already_revoked")
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.revoke_reason = reason[:300]
    locked.full_clean()
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action="certificate.revoke",
        target=locked,
        event=locked.event,
        summary=f"{locked.number}: {reason}",
        changes={"reason": reason},
    )
    return locked


@transaction.atomic
def certificate_reissue(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Correct a certificate: revoke it and issue a new one (new number, new
    code, today's data) that records which one it replaces. The holder gets
    one e-mail (the reissue, with the reason), not two."""
    revoked = _revoke(actor=actor, certificate=certificate, reason=reason)
    replacement = certificate_issue(
        actor=actor, registration=revoked.registration, replaces=revoked
    )
    audit_record(
        actor=actor,
        action="certificate.reissue",
        target=replacement,
        event=replacement.event,
        summary=f"{revoked.number} → {replacement.number}: {reason}",
        changes={"replaces": revoked.number, "number": replacement.number},
    )
    return replacement
