"""Signing is a step of issuing (docs/tte.md): a certificate is issued
(its number allocated, its snapshot frozen), then rendered once, signed by
the configured signer and stored; every later download is that stored file,
byte for byte.

Signing happens after the issuing transaction, never inside it: a remote
service may take seconds, and the event's counter lock must not wait for it.
A certificate whose signing failed stays issued and unsigned; signing it
again later (the holder's next download, the bulk run resumed) keeps its
number.
"""

import hashlib
import logging
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import rendering, selectors
from certificates.errors import CertificateError
from certificates.models import (
    Certificate,
    CertificateSettings,
    CertificateSignature,
    ElectronicSignatory,
    Orientation,
    SignedDocument,
)
from certificates.pdf import CertificateRenderer, signatory_blocks
from certificates.signing import config
from certificates.signing.base import Signer, SigningError, Stamp
from certificates.signing.validation import signatures_in

logger = logging.getLogger(__name__)

FIELD = "TTE{position}"


def stamp_for(
    settings: CertificateSettings, snapshot: dict | None = None, *, block: int | None = None
) -> Stamp | None:
    """The visible stamp under the block of the signatory who signs
    electronically, as frozen in the certificate's ``snapshot`` (its
    signatories and ``electronic_signatory``), or under ``block`` (0: the
    first signatory, 1: the second) when both sign; ``%(signer)s`` and
    ``%(ts)s`` are filled in by pyHanko when it signs."""
    from django.conf import settings as django_settings

    if not django_settings.CERTIFICATE_SIGNING_STAMP:
        return None
    snapshot = snapshot or {}
    blocks = signatory_blocks(
        landscape=settings.orientation == Orientation.LANDSCAPE,
        count=2 if snapshot.get("signatory2") else 1,
    )
    if block is None:
        chosen = snapshot.get("electronic_signatory", ElectronicSignatory.FIRST)
        block = 1 if chosen == ElectronicSignatory.SECOND else 0
    block = blocks[min(block, len(blocks) - 1)]
    left = round(block.centre - block.width / 2)
    return Stamp(
        box=(left, 14, left + round(block.width), 50),
        text="Ditandatangani secara elektronik oleh:\n%(signer)s\n%(ts)s",
    )


def signed_document_for(certificate: Certificate) -> SignedDocument | None:
    return SignedDocument.objects.filter(certificate=certificate).first()


def needs_second_signer(snapshot: dict | None) -> bool:
    """Whether a certificate (its frozen ``snapshot``, or a design's
    settings as one) is signed by both signatories: then the second official
    needs a signer of their own."""
    chosen = (snapshot or {}).get("electronic_signatory", ElectronicSignatory.FIRST)
    return chosen == ElectronicSignatory.BOTH


def second_signer_missing_error() -> SigningError:
    return SigningError(
        _(
            "This certificate is signed electronically by both signatories, but no signer "
            "is configured for the second signatory (CERTIFICATE_SIGNING_SECOND_PKCS12 or "
            "CERTIFICATE_SIGNING_SECOND_REMOTE_NIK). Nothing was signed."
        ),
        code="signer_misconfigured",
    )


def certificate_sign(
    *,
    certificate: Certificate,
    signer: Signer | None = None,
    second_signer: Signer | None = None,
    settings: CertificateSettings | None = None,
    renderer: CertificateRenderer | None = None,
) -> SignedDocument:
    """Render, sign and store ``certificate``; its stored document when it
    was signed already. ``SigningError`` (a ``CertificateError``) when the
    signer fails: nothing is stored then. ``renderer``: a bulk run's.

    Who signs follows the snapshot's ``electronic_signatory``: the first
    official's signer, under the first block (or under the second block when
    the second signatory signs: the second official's signer when one is
    configured); with both, the first official's signer, then the second
    official's (``second_signer``), each under their block, one incremental
    signature after the other (``CertificateSignature.position`` 1 and 2)."""
    existing = signed_document_for(certificate)
    if existing is not None:
        return existing
    if certificate.is_revoked:
        raise CertificateError(_("A revoked certificate is not signed."), code="revoked")
    snapshot = certificate.snapshot or {}
    chosen = snapshot.get("electronic_signatory", ElectronicSignatory.FIRST)
    both = needs_second_signer(snapshot)
    if both or chosen == ElectronicSignatory.SECOND:
        second_signer = second_signer or config.configured_signer(config.SECOND)
        if both and second_signer is None:
            raise second_signer_missing_error()
    signer = signer or config.configured_signer()
    if signer is None:
        raise CertificateError(_("No signer is configured."), code="signing_disabled")
    settings = settings or selectors.certificate_settings_for(certificate.event)
    if both:
        steps = [(signer, 0), (second_signer, 1)]
    elif chosen == ElectronicSignatory.SECOND and second_signer is not None:
        steps = [(second_signer, None)]
    else:
        steps = [(signer, None)]
    printed = rendering.printed_for_certificate(certificate)
    renderer = renderer or rendering.renderer_for(settings)
    data = renderer.render(printed, title=certificate.number)
    signatures = []
    for position, (step_signer, block) in enumerate(steps, start=1):
        started = time.perf_counter()
        signed = step_signer.sign(
            data,
            field=FIELD.format(position=position),
            stamp=stamp_for(settings, snapshot, block=block),
        )
        duration_ms = round((time.perf_counter() - started) * 1000)
        data = signed.data
        signer_name = signed.signer
        if not signer_name:  # a remote service: the name is in its signature
            reports = signatures_in(data, roots=[]) or []
            signer_name = reports[-1].signer if reports else ""
        signatures.append(
            {
                "position": position,
                "signer": signer_name[:300],
                "signer_kind": step_signer.kind,
                "level": signed.level,
                "duration_ms": duration_ms,
            }
        )
    return _store(certificate=certificate, data=data, signatures=signatures)


def _store(*, certificate, data: bytes, signatures: list[dict]):
    now = timezone.now()
    document = SignedDocument(
        certificate=certificate,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        signed_at=now,
    )
    document.file.save(f"{certificate.code}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
            CertificateSignature.objects.bulk_create(
                CertificateSignature(document=document, signed_at=now, **signature)
                for signature in signatures
            )
    except IntegrityError:
        # signed meanwhile by another request (a double tap): keep theirs
        default_storage.delete(document.file.name)
        existing = signed_document_for(certificate)
        if existing is None:
            raise
        return existing
    # for the bulk run's figures
    document.duration_ms = sum(signature["duration_ms"] for signature in signatures)
    return document


def stored_pdf(document: SignedDocument) -> bytes:
    with default_storage.open(document.file.name, "rb") as handle:
        return handle.read()


def certificate_download_pdf(certificate: Certificate, *, settings: CertificateSettings) -> bytes:
    """What a download serves: the stored signed file when there is one;
    with a signer configured, the certificate is signed first (a valid one);
    otherwise the certificate drawn from its snapshot, as always."""
    document = signed_document_for(certificate)
    if document is None and config.signing_enabled() and not certificate.is_revoked:
        document = certificate_sign(certificate=certificate, settings=settings)
    if document is not None:
        return stored_pdf(document)
    return rendering.certificate_pdf(certificate, settings=settings)
