"""Throw-away certificate authorities and PKCS#12 files for the signing tests."""

import dataclasses
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from certificates.signing import config

PASSWORD = "rahasia-kantor"


def _name(common_name: str, organisation: str = "Pemerintah Kota Contoh") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )


def _usage(*, signing: bool, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=not signing,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclasses.dataclass
class Authority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def certificate_asn1(self):
        from asn1crypto import x509 as asn1_x509

        return asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER))

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def issue(
        self,
        common_name: str,
        *,
        signing: bool = True,
        days: int = 365,
        starts: int = -1,
        key=None,
    ) -> tuple[object, x509.Certificate]:
        now = dt.datetime.now(dt.UTC)
        key = key or ec.generate_private_key(ec.SECP256R1())
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=starts))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(_usage(signing=signing), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )
        return key, certificate

    def pkcs12(self, common_name: str = "Kepala Dinas Kominfo", *, password=PASSWORD, **kw):
        key, certificate = self.issue(common_name, **kw)
        return pkcs12.serialize_key_and_certificates(
            b"signer",
            key,
            certificate,
            [self.certificate],
            serialization.BestAvailableEncryption(password.encode()),
        )


def make_authority(name: str = "CA Uji Coba") -> Authority:
    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=2))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(signing=True, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key=key, certificate=certificate)


@pytest.fixture(scope="session")
def authority() -> Authority:
    return make_authority()


@pytest.fixture
def local_signing(settings, tmp_path, authority):
    """The settings of an office signing with its own PKCS#12, trusting the test CA."""
    p12 = tmp_path / "kantor.p12"
    p12.write_bytes(authority.pkcs12())
    roots = tmp_path / "roots.pem"
    roots.write_bytes(authority.pem)
    settings.CERTIFICATE_SIGNER = "pkcs12"
    settings.CERTIFICATE_SIGNING_PKCS12 = str(p12)
    settings.CERTIFICATE_SIGNING_PKCS12_PASSWORD = PASSWORD
    settings.CERTIFICATE_SIGNING_TRUST_ROOTS = [str(roots)]
    settings.CERTIFICATE_SIGNING_TSA_URL = ""
    config.forget_signers()
    yield settings
    config.forget_signers()
