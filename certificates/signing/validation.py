"""Reading the signatures of a PDF back, with pyHanko's validator.

``signatures_in(data)`` answers, for each signature in file order: who
signed (the subject of the signing certificate), when (the timestamp if
there is one, else the time the signer stated), whether the signed bytes
are intact, whether the certificate chains to a configured trust root,
and whether the signature covers the whole document (the last one) or
the whole of its revision with only later signatures added after it.
"""

import dataclasses
import datetime as dt
import io
import logging
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings

from certificates.signing.base import outside_event_loop

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are as signed
    trusted: bool  # the certificate chains to a configured root
    whole: bool  # nothing but later signatures was changed after it
    timestamped: bool

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and self.whole


def load_roots(paths: list[str]) -> list[asn1_x509.Certificate]:
    roots = []
    for name in paths:
        data = Path(name).read_bytes()
        if pem.detect(data):
            roots += [asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, True)]
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


def _context(roots):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _signer_name(certificate: asn1_x509.Certificate) -> str:
    subject = certificate.subject.native
    parts = [subject.get("common_name"), subject.get("organization_name")]
    parts = [p if isinstance(p, str) else ", ".join(p) for p in parts if p]
    return ", ".join(parts) or certificate.subject.human_friendly


def signatures_in(data: bytes, *, roots=None) -> list[SignatureReport] | None:
    """The signatures of a PDF, or None when the file is not a readable PDF."""
    # pyHanko is imported when first needed, not at start-up (~1 s of CPU)
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if roots is None:
        roots = load_roots(settings.CERTIFICATE_SIGNING_TRUST_ROOTS)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError):
        return None
    reports = []
    for signature in embedded:
        try:
            status = outside_event_loop(
                validate_pdf_signature, signature, _context(roots), _context(roots)
            )
        except Exception:  # a signature pyHanko cannot parse: not intact
            logger.info("unreadable signature in an uploaded PDF", exc_info=True)
            reports.append(
                SignatureReport(
                    field=str(signature.field_name),
                    signer="",
                    signed_at=None,
                    intact=False,
                    trusted=False,
                    whole=False,
                    timestamped=False,
                )
            )
            continue
        timestamp = status.timestamp_validity
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and bool(status.docmdp_ok)
            and status.modification_level is not None
            and status.modification_level.name in ("NONE", "LTA_UPDATES", "FORM_FILLING")
        )
        reports.append(
            SignatureReport(
                field=str(signature.field_name),
                signer=_signer_name(status.signing_cert),
                signed_at=timestamp.timestamp if timestamp else status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
                whole=whole,
                timestamped=timestamp is not None,
            )
        )
    return reports
