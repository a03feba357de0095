"""A remote signing service shaped like BSrE's e-sign API: the PDF goes out
with the signer's NIK and passphrase, the signed PDF comes back.

``POST {url}/api/sign/pdf`` (multipart: ``file``, ``nik``, ``passphrase``,
``tampilan=invisible``) with the application's HTTP basic credentials.
200 with a PDF: signed. Otherwise a JSON body ``{"error", "status_code"}``:

- 401: our credentials are refused;
- 400 with ``status_code`` 2011 (NIK not registered), 2021 (the signer's
  certificate is not active), 2031 (wrong passphrase): refused, and trying
  again will not help;
- 429, 5xx, a timeout or a refused connection: tried again
  (``CERTIFICATE_SIGNING_REMOTE_RETRIES`` times, waiting 1, 2, 4 … seconds),
  then "service unavailable".

The passphrase is sent and forgotten: never logged, never stored, never in
an error message (the NIK is logged with all but its last four digits hidden).
"""

import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from base64 import b64encode

from django.utils.translation import gettext as _

from certificates.signing.base import SignedPdf, SigningError, Stamp

logger = logging.getLogger(__name__)

REJECTIONS = {
    2011: "nik_unknown",
    2021: "certificate_inactive",
    2031: "wrong_passphrase",
}
MAX_ANSWER = 50 * 1024 * 1024


def _masked(nik: str) -> str:
    return "*" * max(0, len(nik) - 4) + nik[-4:]


def _rejection_message(status_code: int | None) -> str:
    if status_code == 2011:
        return _("The signing service does not know the signer's NIK.")
    if status_code == 2021:
        return _("The signer's certificate at the signing service is not active.")
    if status_code == 2031:
        return _("The signing service refused the signer's passphrase.")
    return _("The signing service refused to sign (code %(code)s).") % {"code": status_code}


class RemoteSigner:
    kind = "remote"

    def __init__(
        self,
        *,
        url: str,
        user: str,
        password: str,
        nik: str,
        passphrase: str,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 1.0,
    ) -> None:
        self.url = url.rstrip("/") + "/api/sign/pdf"
        self._authorization = "Basic " + b64encode(f"{user}:{password}".encode()).decode()
        self.nik = nik
        self._passphrase = passphrase
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff

    def __repr__(self) -> str:  # never the passphrase or the credentials
        return f"RemoteSigner(url={self.url!r}, nik={_masked(self.nik)!r})"

    def _body(self, pdf: bytes, *, visible: bool) -> tuple[bytes, str]:
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in (
            ("nik", self.nik),
            ("passphrase", self._passphrase),
            ("tampilan", "visible" if visible else "invisible"),
        ):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="sertifikat.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + pdf
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return b"".join(parts), f"multipart/form-data; boundary={boundary}"

    def _post(self, pdf: bytes) -> tuple[int, bytes, str]:
        body, content_type = self._body(pdf, visible=False)
        request = urllib.request.Request(
            self.url,
            data=body,
            headers={"Content-Type": content_type, "Authorization": self._authorization},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return answer.status, answer.read(MAX_ANSWER), answer.headers.get_content_type()
        except urllib.error.HTTPError as error:
            return error.code, error.read(65536), error.headers.get_content_type()

    def sign(self, pdf: bytes, *, field: str, stamp: Stamp | None = None) -> SignedPdf:
        attempt = 0
        while True:
            attempt += 1
            try:
                status, body, content_type = self._post(pdf)
            except (OSError, urllib.error.URLError) as error:
                status, body, content_type = 0, b"", ""
                reason = type(error).__name__
            else:
                reason = str(status)
            if status == 200 and body.startswith(b"%PDF"):
                return SignedPdf(data=body, signer="", level="B-B")
            retry = status == 0 or status == 429 or status >= 500
            logger.warning(
                "signing service answered %s for NIK %s (attempt %s)",
                reason,
                _masked(self.nik),
                attempt,
            )
            if retry and attempt <= self.retries:
                time.sleep(self.backoff * 2 ** (attempt - 1))
                continue
            raise self._error(status, body, content_type)

    def _error(self, status: int, body: bytes, content_type: str) -> SigningError:
        if status == 0 or status == 429 or status >= 500:
            return SigningError(
                _("The signing service is unavailable; nothing was signed. Try again later."),
                code="signer_unavailable",
            )
        if status in (401, 403):
            return SigningError(
                _("The signing service refused this application's credentials."),
                code="signer_rejected",
            )
        if status == 200:
            return SigningError(
                _("The signing service answered something that is not a PDF."),
                code="signer_failed",
            )
        service_code = None
        if content_type == "application/json":
            try:
                service_code = int(json.loads(body).get("status_code"))
            except (ValueError, TypeError, AttributeError):
                service_code = None
        return SigningError(_rejection_message(service_code), code="signer_rejected")
