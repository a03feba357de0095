"""``manage.py check`` refuses a signing configuration that cannot work."""

import pytest
from django.utils import translation

from certificates.signing import config
from certificates.signing.checks import signing_configuration
from tests.certificates.signing_keys import authority, local_signing

__all__ = ["authority", "local_signing"]


def ids(settings) -> set[str]:
    config.forget_signers()
    return {message.id for message in signing_configuration()}


def test_no_signer_no_message(settings):
    settings.CERTIFICATE_SIGNER = ""
    assert ids(settings) == set()


def test_a_working_local_signer_passes(local_signing):
    assert ids(local_signing) == set()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"CERTIFICATE_SIGNER": "pkcs11"}, "certificates.E001"),
        ({"CERTIFICATE_SIGNING_PKCS12_PASSWORD": "salah"}, "certificates.E002"),
        ({"CERTIFICATE_SIGNING_PKCS12": "/nowhere/kantor.p12"}, "certificates.E002"),
        ({"CERTIFICATE_SIGNING_TRUST_ROOTS": ["/nowhere/roots.pem"]}, "certificates.E003"),
        ({"CERTIFICATE_SIGNING_TRUST_ROOTS": []}, "certificates.W001"),
        ({"CERTIFICATE_SIGNING_TSA_URL": "tsa.example.org"}, "certificates.E004"),
    ],
)
def test_a_broken_configuration_is_reported(local_signing, change, expected):
    for name, value in change.items():
        setattr(local_signing, name, value)

    assert expected in ids(local_signing)


def test_an_expired_signing_certificate_is_reported(local_signing, authority, tmp_path):
    expired = tmp_path / "expired.p12"
    expired.write_bytes(authority.pkcs12(days=-1, starts=-30))
    local_signing.CERTIFICATE_SIGNING_PKCS12 = str(expired)

    with translation.override("en"):
        [message] = signing_configuration()

    assert message.id == "certificates.E002"
    assert "expired" in message.msg


def test_a_remote_signer_without_its_passphrase_is_reported(settings):
    settings.CERTIFICATE_SIGNER = "remote"
    settings.CERTIFICATE_SIGNING_REMOTE_URL = "https://esign.example.go.id"
    settings.CERTIFICATE_SIGNING_REMOTE_NIK = "3172012345678901"
    settings.CERTIFICATE_SIGNING_REMOTE_PASSPHRASE = ""

    assert "certificates.E002" in ids(settings)
