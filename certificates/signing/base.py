"""What every signer does, and what it raises."""

import asyncio
import concurrent.futures
import dataclasses
from typing import Protocol

from certificates.errors import CertificateError


class SigningError(CertificateError):
    """A certificate could not be signed. ``code``: ``signer_unavailable``
    (the service is down or timed out), ``signer_rejected`` (wrong passphrase,
    unknown signer, refused credentials), ``signer_misconfigured`` (a PKCS#12
    that does not open, an expired certificate, no signing key usage),
    ``signer_failed`` (anything else). The message never holds a secret."""


@dataclasses.dataclass(frozen=True)
class Stamp:
    """The visible stamp: where (PDF points, from the bottom left of page
    ``page``, 0-based) and the lines it shows."""

    box: tuple[int, int, int, int]
    text: str
    page: int = 0


@dataclasses.dataclass(frozen=True)
class SignedPdf:
    data: bytes
    signer: str  # the subject of the signing certificate, as people read it
    level: str  # "B-B" or "B-T"


class Signer(Protocol):
    """Signs one PDF (PAdES) and returns the signed file. ``field`` names the
    signature field (one per signatory); ``stamp`` is optional."""

    kind: str  # "pkcs12" or "remote"

    def sign(self, pdf: bytes, *, field: str, stamp: Stamp | None = None) -> SignedPdf: ...


def outside_event_loop(function, /, *args, **kwargs):
    """Call ``function`` (pyHanko's synchronous API, which runs its own event
    loop) from a thread without a running loop: an async server or a caller
    inside ``asyncio`` would otherwise make it fail."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()
