"""Electronic signatures (TTE) of certificate PDFs (docs/tte.md), read by bimtek.settings.

Secrets (the PKCS#12 password, the remote service's credentials and the
signer's passphrase) come from the environment only: never the database.
"""

import environ

env = environ.Env()

# "" (no signing), "pkcs12" (a local file) or "remote" (a BSrE-shaped service).
CERTIFICATE_SIGNER = env.str("CERTIFICATE_SIGNER", default="")
CERTIFICATE_SIGNING_PKCS12 = env.str("CERTIFICATE_SIGNING_PKCS12", default="")
CERTIFICATE_SIGNING_PKCS12_PASSWORD = env.str("CERTIFICATE_SIGNING_PKCS12_PASSWORD", default="")
# PEM or DER files of the roots a signature must chain to (comma separated);
# the verification page calls a signature "valid" only when it does.
CERTIFICATE_SIGNING_TRUST_ROOTS = env.list("CERTIFICATE_SIGNING_TRUST_ROOTS", default=[])
# A timestamp authority (RFC 3161): with it signatures are PAdES B-T.
CERTIFICATE_SIGNING_TSA_URL = env.str("CERTIFICATE_SIGNING_TSA_URL", default="")
# A visible stamp on the page ("Ditandatangani secara elektronik oleh …").
CERTIFICATE_SIGNING_STAMP = env.bool("CERTIFICATE_SIGNING_STAMP", default=True)
CERTIFICATE_SIGNING_REASON = env.str(
    "CERTIFICATE_SIGNING_REASON", default="Sertifikat diterbitkan secara elektronik"
)
# The remote signing service (BSrE-shaped e-sign API).
CERTIFICATE_SIGNING_REMOTE_URL = env.str("CERTIFICATE_SIGNING_REMOTE_URL", default="")
CERTIFICATE_SIGNING_REMOTE_USER = env.str("CERTIFICATE_SIGNING_REMOTE_USER", default="")
CERTIFICATE_SIGNING_REMOTE_PASSWORD = env.str("CERTIFICATE_SIGNING_REMOTE_PASSWORD", default="")
CERTIFICATE_SIGNING_REMOTE_NIK = env.str("CERTIFICATE_SIGNING_REMOTE_NIK", default="")
CERTIFICATE_SIGNING_REMOTE_PASSPHRASE = env.str("CERTIFICATE_SIGNING_REMOTE_PASSPHRASE", default="")
CERTIFICATE_SIGNING_REMOTE_TIMEOUT = env.float("CERTIFICATE_SIGNING_REMOTE_TIMEOUT", default=30.0)
CERTIFICATE_SIGNING_REMOTE_RETRIES = env.int("CERTIFICATE_SIGNING_REMOTE_RETRIES", default=3)

# The second signatory's own signer (docs/tte.md), of the same kind as the
# first: needed when a design has both signatories sign electronically, and
# used for the second signatory alone when set. Empty: not configured.
CERTIFICATE_SIGNING_SECOND_PKCS12 = env.str("CERTIFICATE_SIGNING_SECOND_PKCS12", default="")
CERTIFICATE_SIGNING_SECOND_PKCS12_PASSWORD = env.str(
    "CERTIFICATE_SIGNING_SECOND_PKCS12_PASSWORD", default=""
)
CERTIFICATE_SIGNING_SECOND_REMOTE_NIK = env.str("CERTIFICATE_SIGNING_SECOND_REMOTE_NIK", default="")
CERTIFICATE_SIGNING_SECOND_REMOTE_PASSPHRASE = env.str(
    "CERTIFICATE_SIGNING_SECOND_REMOTE_PASSPHRASE", default=""
)
