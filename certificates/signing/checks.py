"""``manage.py check`` (and every deploy, docs/deploy.md) refuses a signing
configuration that cannot work, with the reason, before a bulk run meets it."""

from django.conf import settings
from django.core import checks

from certificates.signing.base import SigningError
from certificates.signing.config import KINDS, SECOND, build_signer, second_signer_configured
from certificates.signing.validation import load_roots

SECOND_SETTINGS = {
    "pkcs12": "CERTIFICATE_SIGNING_SECOND_PKCS12",
    "remote": "CERTIFICATE_SIGNING_SECOND_REMOTE_NIK",
}


@checks.register("certificates")
def signing_configuration(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    kind = settings.CERTIFICATE_SIGNER
    if kind not in KINDS:
        return [
            checks.Error(
                f"CERTIFICATE_SIGNER is {kind!r}: use '', 'pkcs12' or 'remote'.",
                id="certificates.E001",
            )
        ]
    if not kind:
        return []
    problems: list[checks.CheckMessage] = []
    try:
        build_signer()
    except SigningError as error:
        problems.append(
            checks.Error(
                f"The certificate signer cannot sign: {error.message}", id="certificates.E002"
            )
        )
    problems += _second_signer(kind)
    roots = settings.CERTIFICATE_SIGNING_TRUST_ROOTS
    try:
        loaded = load_roots(roots)
    except (OSError, ValueError) as error:
        problems.append(
            checks.Error(
                f"CERTIFICATE_SIGNING_TRUST_ROOTS cannot be read: {type(error).__name__}",
                id="certificates.E003",
            )
        )
    else:
        if not loaded:
            problems.append(
                checks.Warning(
                    "CERTIFICATE_SIGNING_TRUST_ROOTS is empty: the verification page will "
                    "call every signature untrusted.",
                    hint="Name the PEM file of your CA (BSrE's root, or your office's).",
                    id="certificates.W001",
                )
            )
    for name in ("CERTIFICATE_SIGNING_TSA_URL", "CERTIFICATE_SIGNING_REMOTE_URL"):
        value = getattr(settings, name)
        if value and not value.startswith(("https://", "http://")):
            problems.append(checks.Error(f"{name} must be an http(s) URL.", id="certificates.E004"))
    remote = settings.CERTIFICATE_SIGNING_REMOTE_URL
    if kind == "remote" and remote.startswith("http://") and not settings.DEBUG:
        problems.append(
            checks.Warning(
                "CERTIFICATE_SIGNING_REMOTE_URL is plain http: passphrases would cross "
                "the network unencrypted.",
                id="certificates.W002",
            )
        )
    return problems


def _second_signer(kind: str) -> list[checks.CheckMessage]:
    """The second signatory's signer (docs/tte.md): when configured, it must
    sign; settings of the other kind are a mistake worth saying."""
    problems: list[checks.CheckMessage] = []
    if second_signer_configured():
        try:
            build_signer(SECOND)
        except SigningError as error:
            problems.append(
                checks.Error(
                    f"The second signatory's signer cannot sign: {error.message}",
                    id="certificates.E005",
                )
            )
    for other_kind, name in SECOND_SETTINGS.items():
        if other_kind != kind and getattr(settings, name):
            problems.append(
                checks.Warning(
                    f"{name} is set but CERTIFICATE_SIGNER is {kind!r}: it is not used.",
                    hint=f"Set {SECOND_SETTINGS[kind]} for the second signatory.",
                    id="certificates.W003",
                )
            )
    return problems
