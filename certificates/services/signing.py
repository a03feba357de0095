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
from certificates.signing.base import Signer, Stamp
from certificates.signing.validation import signatures_in

logger = logging.getLogger(__name__)

FIELD = "TTE{position}"


def stamp_for(settings: CertificateSettings, snapshot: dict | None = None) -> Stamp | None:
    """The visible stamp under the block of the signatory who signs
    electronically, as frozen in the certificate's ``snapshot`` (its
    signatories and ``electronic_signatory``); ``%(signer)s`` and ``%(ts)s``
    are filled in by pyHanko when it signs."""
    from django.conf import settings as django_settings

    if not django_settings.CERTIFICATE_SIGNING_STAMP:
        return None
    snapshot = snapshot or {}
    blocks = signatory_blocks(
        landscape=settings.orientation == Orientation.LANDSCAPE,
        count=2 if snapshot.get("signatory2") else 1,
    )
    chosen = snapshot.get("electronic_signatory", ElectronicSignatory.FIRST)
    index = 1 if chosen == ElectronicSignatory.SECOND else 0
    block = blocks[min(index, len(blocks) - 1)]
    left = round(block.centre - block.width / 2)
    return Stamp(
        box=(left, 14, left + round(block.width), 50),
        text="Ditandatangani secara elektronik oleh:\n%(signer)s\n%(ts)s",
    )


def signed_document_for(certificate: Certificate) -> SignedDocument | None:
    return SignedDocument.objects.filter(certificate=certificate).first()


def certificate_sign(
    *,
    certificate: Certificate,
    signer: Signer | None = None,
    settings: CertificateSettings | None = None,
    renderer: CertificateRenderer | None = None,
) -> SignedDocument:
    """Render, sign and store ``certificate``; its stored document when it
    was signed already. ``SigningError`` (a ``CertificateError``) when the
    signer fails: nothing is stored then. ``renderer``: a bulk run's."""
    existing = signed_document_for(certificate)
    if existing is not None:
        return existing
    if certificate.is_revoked:
        raise CertificateError(_("A revoked certificate is not signed."), code="revoked")
    signer = signer or config.configured_signer()
    if signer is None:
        raise CertificateError(_("No signer is configured."), code="signing_disabled")
    settings = settings or selectors.certificate_settings_for(certificate.event)
    printed = rendering.printed_for_certificate(certificate)
    renderer = renderer or rendering.renderer_for(settings)
    pdf = renderer.render(printed, title=certificate.number)
    started = time.perf_counter()
    signed = signer.sign(
        pdf, field=FIELD.format(position=1), stamp=stamp_for(settings, certificate.snapshot)
    )
    duration_ms = round((time.perf_counter() - started) * 1000)
    signer_name = signed.signer
    if not signer_name:  # a remote service: the name is in its signature
        reports = signatures_in(signed.data, roots=[]) or []
        signer_name = reports[-1].signer if reports else ""
    return _store(
        certificate=certificate,
        data=signed.data,
        signer=signer_name,
        kind=signer.kind,
        level=signed.level,
        duration_ms=duration_ms,
    )


def _store(*, certificate, data: bytes, signer: str, kind: str, level: str, duration_ms: int):
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
            CertificateSignature.objects.create(
                document=document,
                position=1,
                signer=signer[:300],
                signer_kind=kind,
                level=level,
                signed_at=now,
                duration_ms=duration_ms,
            )
    except IntegrityError:
        # signed meanwhile by another request (a double tap): keep theirs
        default_storage.delete(document.file.name)
        existing = signed_document_for(certificate)
        if existing is None:
            raise
        return existing
    document.duration_ms = duration_ms  # for the bulk run's figures
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
