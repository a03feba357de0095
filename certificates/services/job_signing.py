"""The signing pass of a bulk run and its ZIP of stored signed files
(docs/tte.md). Called by ``certificates.services.jobs``.

Every valid certificate of the event without a signed file is signed, in
number order. A signer that fails stops the run with its reason; what was
signed stays signed, and the next run signs the rest (no certificate is
issued again: issuing comes first and is idempotent)."""

import zipfile
from collections.abc import Callable, Iterable
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bimtek.models import Event
from certificates import rendering, selectors
from certificates.models import Certificate, CertificateJob, CertificateSettings
from certificates.services.signing import (
    certificate_sign,
    needs_second_signer,
    second_signer_missing_error,
    signed_document_for,
    stored_pdf,
)
from certificates.signing import config
from certificates.signing.base import SigningError

PROGRESS_EVERY = 25


def check_signer(event: Event | None = None) -> None:
    """Refuse to start a run whose signer cannot sign (``SigningError``,
    ``signer_misconfigured``, with the reason): the first official's, and
    the second's when it is configured or the event's design has both
    signatories sign."""
    if config.configured_signer() is None:
        return
    second = config.configured_signer(config.SECOND)
    if second is None and event is not None:
        design = selectors.certificate_settings_for(event)
        if needs_second_signer({"electronic_signatory": design.electronic_signatory}):
            raise second_signer_missing_error()


def unsigned(event: Event) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        event=event, revoked_at__isnull=True, signed_document__isnull=True
    ).select_related("event")


def sign_all(
    *,
    job: CertificateJob,
    settings: CertificateSettings,
    update: Callable[..., None],
) -> int:
    """Sign what is unsigned; ``update(job, **fields)`` saves progress (and
    stops the run when another has taken the job over)."""
    signer = config.configured_signer()
    if signer is None:
        return 0
    second_signer = config.configured_signer(config.SECOND)
    renderer = rendering.renderer_for(settings)
    signed, spent = 0, 0
    try:
        for certificate in unsigned(job.event).order_by("sequence").iterator(chunk_size=200):
            document = certificate_sign(
                certificate=certificate,
                signer=signer,
                second_signer=second_signer,
                settings=settings,
                renderer=renderer,
            )
            signed += 1
            spent += getattr(document, "duration_ms", 0)
            if signed % PROGRESS_EVERY == 0:
                update(job, signed=signed, signing_ms=spent)
    except SigningError as error:
        update(job, signed=signed, signing_ms=spent)
        raise SigningError(
            _(
                "Signing stopped after %(count)s certificates: %(reason)s Fix it and start "
                "the bulk run again: it signs the rest and issues nothing twice."
            )
            % {"count": signed, "reason": error.message},
            code=error.code,
        ) from error
    update(job, signed=signed, signing_ms=spent)
    return signed


def write_signed_zip(items: Iterable[tuple[str, Certificate]], out: BinaryIO) -> int:
    """The stored signed files in a ZIP, byte for byte (re-drawn, they would
    lose their signature)."""
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for filename, certificate in items:
            document = signed_document_for(certificate)
            if document is None:
                raise SigningError(
                    _("Certificate %(number)s is not signed.") % {"number": certificate.number},
                    code="signer_failed",
                )
            archive.writestr(filename, stored_pdf(document))
            count += 1
    return count
