"""The CMS template of a local signer (certificates/signing/local.py): after
the first signature pyHanko makes, each signature is assembled from the
signer's pre-encoded pieces. What it makes must be what pyHanko makes, and
validate the same way."""

import asyncio
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from reportlab.pdfgen import canvas

from certificates.signing.local import Pkcs12Signer, _CmsTemplate
from certificates.signing.validation import signatures_in
from tests.certificates.signing_keys import PASSWORD, authority  # noqa: F401 (fixture)


def pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def rsa_signer(authority):  # noqa: F811
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return Pkcs12Signer.load(authority.pkcs12(key=key), password=PASSWORD)


def sign_digest(signer, digest: bytes):
    # In a thread of its own: a browser test earlier in this worker leaves
    # Playwright's event loop running in the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed = pool.submit(
            lambda: asyncio.run(signer._signer.async_sign(digest, "sha256", use_pades=True))
        ).result()
    return signed.dump()


def test_the_assembled_cms_is_byte_for_byte_what_pyhanko_makes(authority):  # noqa: F811
    signer = rsa_signer(authority)
    first, second = hashlib.sha256(b"one").digest(), hashlib.sha256(b"two").digest()
    by_pyhanko = sign_digest(signer, second)  # the first signature: pyHanko, template cut
    assert isinstance(signer._signer._templates["sha256"], _CmsTemplate)
    sign_digest(signer, first)

    # RSA PKCS#1 v1.5 is deterministic: the same digest gives the same bytes
    assert sign_digest(signer, second) == by_pyhanko


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_signatures_made_from_the_template_validate(authority, kind):  # noqa: F811
    signer = (
        rsa_signer(authority)
        if kind == "rsa"
        else Pkcs12Signer.load(authority.pkcs12(), password=PASSWORD)
    )

    signed = [signer.sign(pdf(f"Sertifikat {i}"), field="TTE1").data for i in range(3)]

    assert signer._signer._templates["sha256"] is not None
    for data in signed:
        [report] = signatures_in(data, roots=[authority.certificate_asn1])
        assert report.valid and report.intact and report.whole and report.trusted
    # and a changed byte is still caught
    changed = bytearray(signed[-1])
    at = changed.index(b"Sertifikat 2")
    changed[at] = ord("X")
    [report] = signatures_in(bytes(changed), roots=[authority.certificate_asn1])
    assert not report.intact
