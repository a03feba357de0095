"""Reads about electronic signatures (docs/tte.md): what the verification
page and the API say about a certificate's stored signed file, and what an
uploaded file is, compared with it.

The stored file is validated with pyHanko against the configured trust
roots when someone looks (~20 ms); the answer is cached by the file's hash,
so a crowd scanning one certificate costs one validation an hour.
"""

import dataclasses
import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache

from certificates.models import Certificate, SignedDocument
from certificates.signing.validation import SignatureReport, signatures_in

CACHE_SECONDS = 3600
MAX_UPLOAD = 10 * 1024 * 1024  # a certificate PDF is a few hundred KiB


@dataclasses.dataclass(frozen=True)
class ShownSignature:
    position: int
    signer: str
    signed_at: dt.datetime | None
    level: str
    intact: bool
    trusted: bool

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted


def _reports(document: SignedDocument) -> list[SignatureReport]:
    roots = ",".join(settings.CERTIFICATE_SIGNING_TRUST_ROOTS)
    key = f"certificates:signatures:{document.sha256}:{hashlib.sha256(roots.encode()).hexdigest()}"
    reports = cache.get(key)
    if reports is None:
        try:
            with document.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            data = b""
        intact_file = hashlib.sha256(data).hexdigest() == document.sha256
        reports = (signatures_in(data) or []) if intact_file else []
        cache.set(key, reports, CACHE_SECONDS)
    return reports


def certificate_signatures(certificate: Certificate) -> list[ShownSignature]:
    """The electronic signatures of the certificate's stored file, in signing
    order ([] when it is not signed electronically)."""
    document = (
        SignedDocument.objects.filter(certificate=certificate)
        .prefetch_related("signatures")
        .first()
    )
    if document is None:
        return []
    reports = _reports(document)
    shown = []
    for index, signature in enumerate(document.signatures.all()):
        report = reports[index] if index < len(reports) else None
        shown.append(
            ShownSignature(
                position=signature.position,
                signer=report.signer if report and report.signer else signature.signer,
                signed_at=(report.signed_at if report else None) or signature.signed_at,
                level=signature.level,
                intact=bool(report and report.intact and report.whole),
                trusted=bool(report and report.trusted),
            )
        )
    return shown


class FileVerdict:
    SAME = "same"  # byte for byte the file issued for this certificate
    SIGNED_ELSEWHERE = "signed_other"  # intact signatures, but not this certificate's file
    ALTERED = "altered"  # a signature no longer matches the bytes
    UNSIGNED = "unsigned"  # no electronic signature in it
    NOT_PDF = "not_pdf"


def check_file(certificate: Certificate, data: bytes) -> tuple[str, list[SignatureReport]]:
    """What an uploaded PDF is, for this certificate's verification page."""
    document = SignedDocument.objects.filter(certificate=certificate).first()
    reports = signatures_in(data)
    if reports is None:
        return FileVerdict.NOT_PDF, []
    if not reports:
        return FileVerdict.UNSIGNED, []
    if not all(report.intact and report.whole for report in reports):
        return FileVerdict.ALTERED, reports
    if document is not None and hashlib.sha256(data).hexdigest() == document.sha256:
        return FileVerdict.SAME, reports
    return FileVerdict.SIGNED_ELSEWHERE, reports
