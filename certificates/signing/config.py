"""The signer chosen in settings (``CERTIFICATE_SIGNER``), built once per process."""

import threading
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from certificates.signing.base import Signer, SigningError

KINDS = ("", "pkcs12", "remote")

_lock = threading.Lock()
_signers: dict[tuple, Signer] = {}

FIRST, SECOND = "first", "second"


def _key(which: str = FIRST) -> tuple:
    return (
        which,
        settings.CERTIFICATE_SIGNER,
        settings.CERTIFICATE_SIGNING_PKCS12,
        settings.CERTIFICATE_SIGNING_TSA_URL,
        settings.CERTIFICATE_SIGNING_REMOTE_URL,
        settings.CERTIFICATE_SIGNING_REMOTE_NIK,
        settings.CERTIFICATE_SIGNING_SECOND_PKCS12,
        settings.CERTIFICATE_SIGNING_SECOND_REMOTE_NIK,
    )


def signing_enabled() -> bool:
    return bool(settings.CERTIFICATE_SIGNER)


def second_signer_configured() -> bool:
    """Whether the second signatory has a signer of their own: a PKCS#12
    (``CERTIFICATE_SIGNING_SECOND_PKCS12``) or an identity at the remote
    service (``CERTIFICATE_SIGNING_SECOND_REMOTE_NIK``), per the signer kind."""
    kind = settings.CERTIFICATE_SIGNER
    if kind == "pkcs12":
        return bool(settings.CERTIFICATE_SIGNING_SECOND_PKCS12)
    if kind == "remote":
        return bool(settings.CERTIFICATE_SIGNING_SECOND_REMOTE_NIK)
    return False


def build_signer(which: str = FIRST) -> Signer:
    """A new signer from the settings (``which``: the first official's, or
    the second's); ``SigningError`` (``signer_misconfigured``) saying what is
    wrong when it cannot sign."""
    # pyHanko is imported here, not at start-up: ~1 s of CPU that every
    # process (each manage.py command, each web worker) would pay for nothing.
    from certificates.signing.local import Pkcs12Signer
    from certificates.signing.remote import RemoteSigner

    prefix = "CERTIFICATE_SIGNING_SECOND_" if which == SECOND else "CERTIFICATE_SIGNING_"
    kind = settings.CERTIFICATE_SIGNER
    if kind == "pkcs12":
        path = getattr(settings, f"{prefix}PKCS12")
        if not path:
            raise SigningError(
                _("CERTIFICATE_SIGNING_SECOND_PKCS12 names no file.")
                if which == SECOND
                else _("CERTIFICATE_SIGNING_PKCS12 names no file."),
                code="signer_misconfigured",
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
            password=getattr(settings, f"{prefix}PKCS12_PASSWORD"),
            timestamp_url=settings.CERTIFICATE_SIGNING_TSA_URL,
            reason=settings.CERTIFICATE_SIGNING_REASON,
        )
    if kind == "remote":
        missing = [
            name
            for name in (
                "CERTIFICATE_SIGNING_REMOTE_URL",
                f"{prefix}REMOTE_NIK",
                f"{prefix}REMOTE_PASSPHRASE",
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
            nik=getattr(settings, f"{prefix}REMOTE_NIK"),
            passphrase=getattr(settings, f"{prefix}REMOTE_PASSPHRASE"),
            timeout=settings.CERTIFICATE_SIGNING_REMOTE_TIMEOUT,
            retries=settings.CERTIFICATE_SIGNING_REMOTE_RETRIES,
        )
    raise SigningError(
        _("CERTIFICATE_SIGNER must be empty, “pkcs12” or “remote”."),
        code="signer_misconfigured",
    )


def configured_signer(which: str = FIRST) -> Signer | None:
    """The settings' signer of the first official, or of the second (None:
    certificates are not signed, or the second official has no signer),
    kept per process so the PKCS#12 is opened and its key parsed once."""
    if not signing_enabled() or (which == SECOND and not second_signer_configured()):
        return None
    key = _key(which)
    with _lock:
        signer = _signers.get(key)
    if signer is None:
        signer = build_signer(which)
        with _lock:
            for old in [k for k in _signers if k[0] == which]:
                del _signers[old]
            _signers[key] = signer
    return signer


def forget_signers() -> None:
    """Tests: the settings change between them."""
    with _lock:
        _signers.clear()
