"""The signer chosen in settings (``CERTIFICATE_SIGNER``), built once per process."""

import threading
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from certificates.signing.base import Signer, SigningError

KINDS = ("", "pkcs12", "remote")

_lock = threading.Lock()
_signers: dict[tuple, Signer] = {}


def _key() -> tuple:
    return (
        settings.CERTIFICATE_SIGNER,
        settings.CERTIFICATE_SIGNING_PKCS12,
        settings.CERTIFICATE_SIGNING_TSA_URL,
        settings.CERTIFICATE_SIGNING_REMOTE_URL,
        settings.CERTIFICATE_SIGNING_REMOTE_NIK,
    )


def signing_enabled() -> bool:
    return bool(settings.CERTIFICATE_SIGNER)


def build_signer() -> Signer:
    """A new signer from the settings; ``SigningError`` (``signer_misconfigured``)
    saying what is wrong when it cannot sign."""
    # pyHanko is imported here, not at start-up: ~1 s of CPU that every
    # process (each manage.py command, each web worker) would pay for nothing.
    from certificates.signing.local import Pkcs12Signer
    from certificates.signing.remote import RemoteSigner

    kind = settings.CERTIFICATE_SIGNER
    if kind == "pkcs12":
        path = settings.CERTIFICATE_SIGNING_PKCS12
        if not path:
            raise SigningError(
                _("CERTIFICATE_SIGNING_PKCS12 names no file."), code="signer_misconfigured"
            )
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise SigningError(
                _("The PKCS#12 file %(path)s cannot be read.") % {"path": path},
                code="signer_misconfigured",
            ) from error
        return Pkcs12Signer.load(
            data,
            password=settings.CERTIFICATE_SIGNING_PKCS12_PASSWORD,
            timestamp_url=settings.CERTIFICATE_SIGNING_TSA_URL,
            reason=settings.CERTIFICATE_SIGNING_REASON,
        )
    if kind == "remote":
        missing = [
            name
            for name in (
                "CERTIFICATE_SIGNING_REMOTE_URL",
                "CERTIFICATE_SIGNING_REMOTE_NIK",
                "CERTIFICATE_SIGNING_REMOTE_PASSPHRASE",
            )
            if not getattr(settings, name)
        ]
        if missing:
            raise SigningError(
                _("The remote signer needs %(names)s.") % {"names": ", ".join(missing)},
                code="signer_misconfigured",
            )
        return RemoteSigner(
            url=settings.CERTIFICATE_SIGNING_REMOTE_URL,
            user=settings.CERTIFICATE_SIGNING_REMOTE_USER,
            password=settings.CERTIFICATE_SIGNING_REMOTE_PASSWORD,
            nik=settings.CERTIFICATE_SIGNING_REMOTE_NIK,
            passphrase=settings.CERTIFICATE_SIGNING_REMOTE_PASSPHRASE,
            timeout=settings.CERTIFICATE_SIGNING_REMOTE_TIMEOUT,
            retries=settings.CERTIFICATE_SIGNING_REMOTE_RETRIES,
        )
    raise SigningError(
        _("CERTIFICATE_SIGNER must be empty, “pkcs12” or “remote”."),
        code="signer_misconfigured",
    )


def configured_signer() -> Signer | None:
    """The settings' signer (None: certificates are not signed), kept per
    process so the PKCS#12 is opened and its key parsed once."""
    if not signing_enabled():
        return None
    key = _key()
    with _lock:
        signer = _signers.get(key)
    if signer is None:
        signer = build_signer()
        with _lock:
            _signers.clear()
            _signers[key] = signer
    return signer


def forget_signers() -> None:
    """Tests: the settings change between them."""
    with _lock:
        _signers.clear()
