"""PAdES B-T: with a timestamp authority configured, each signature carries a
timestamp token from it (here a local fake TSA that the test starts)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import tsp
from cryptography.hazmat.primitives.asymmetric import rsa
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.sign.timestamps import DummyTimeStamper

from certificates.signing.base import SigningError
from certificates.signing.local import Pkcs12Signer
from certificates.signing.validation import signatures_in
from tests.certificates.signing_keys import PASSWORD, authority
from tests.certificates.test_signing_remote import a_pdf

__all__ = ["authority"]


@pytest.fixture
def tsa(authority):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the fake is RSA-only
    _key, certificate = authority.issue("TSA Uji Coba", key=key)
    stamper = DummyTimeStamper(
        tsa_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
        tsa_key=translate_pyca_cryptography_key_to_asn1(key),
    )

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_with_a_tsa_the_signature_is_timestamped_b_t(authority, tsa):
    signer = Pkcs12Signer.load(authority.pkcs12(), password=PASSWORD, timestamp_url=tsa)

    signed = signer.sign(a_pdf(), field="TTE1")

    assert signed.level == "B-T"
    [report] = signatures_in(signed.data, roots=[authority.certificate_asn1])
    assert report.timestamped
    assert report.intact and report.whole


def test_a_tsa_that_does_not_answer_signs_nothing(authority):
    signer = Pkcs12Signer.load(
        authority.pkcs12(), password=PASSWORD, timestamp_url="http://127.0.0.1:9/"
    )

    with pytest.raises(SigningError) as refused:
        signer.sign(a_pdf(), field="TTE1")

    assert refused.value.code == "signer_unavailable"
