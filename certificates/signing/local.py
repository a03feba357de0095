"""A local PKCS#12 signer (an office's own certificate or the organisation
seal), PAdES B-B, or B-T with a timestamp authority.

The file is opened and checked once per process (``Pkcs12Signer.load``):
a PKCS#12 that does not open, an expired certificate, or one without the
digital-signature key usage is refused with the reason before anything is
signed. The private key is parsed once and kept: pyHanko's ``SimpleSigner``
parses it again for every signature (~50 ms of CPU for an RSA key). After
the first signature the CMS is assembled from a template of pyHanko's first
one (``_CmsTemplate``): ~4.6 ms of CPU per signature instead of ~15
(docs/benchmarks.md).
"""

import dataclasses
import datetime as dt
import io
import threading
import urllib.error
import urllib.request

from asn1crypto import cms, tsp
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils.translation import gettext as _
from pyhanko import stamp as stamps
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from certificates.signing.base import SignedPdf, SigningError, Stamp, outside_event_loop

# Room for the CMS signature in the file: a chain of three RSA-4096
# certificates and a timestamp token fit. Reserving it up front spares
# pyHanko a trial signature per document to measure it.
BYTES_RESERVED = 16_384
BYTES_RESERVED_TSA = 32_768


def subject_name(certificate: x509.Certificate) -> str:
    """The signer as people read it: the common name, then the organisation."""
    parts = []
    for oid in (x509.NameOID.COMMON_NAME, x509.NameOID.ORGANIZATION_NAME):
        parts += [
            str(attribute.value) for attribute in certificate.subject.get_attributes_for_oid(oid)
        ]
    return ", ".join(parts) or certificate.subject.rfc4514_string()


def check_signing_certificate(
    certificate: x509.Certificate, *, now: dt.datetime | None = None
) -> None:
    """Refuse a certificate that cannot sign a document now."""
    now = now or dt.datetime.now(dt.UTC)
    if certificate.not_valid_after_utc < now:
        raise SigningError(
            _("The signing certificate expired on %(date)s.")
            % {"date": f"{certificate.not_valid_after_utc:%Y-%m-%d}"},
            code="signer_misconfigured",
        )
    if certificate.not_valid_before_utc > now:
        raise SigningError(
            _("The signing certificate is valid only from %(date)s.")
            % {"date": f"{certificate.not_valid_before_utc:%Y-%m-%d}"},
            code="signer_misconfigured",
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return  # no restriction on its use
    if not (usage.digital_signature or usage.content_commitment):
        raise SigningError(
            _("The signing certificate may not be used for digital signatures (key usage)."),
            code="signer_misconfigured",
        )


def _der(tag: int, content: bytes) -> bytes:
    """One DER element: tag, definite length, content."""
    size = len(content)
    if size < 0x80:
        return bytes((tag, size)) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + content


@dataclasses.dataclass(frozen=True)
class _CmsTemplate:
    """The CMS SignedData of one signer with everything but the document's
    digest and the signature value already encoded.

    In a PAdES B-B signature of this signer every other byte is the same from
    one document to the next: the signed attributes are the content type, the
    message digest and the signing certificate (ESS v2), then the certificates
    and algorithms. pyHanko rebuilds all of it with asn1crypto for every
    signature (~3,700 ``dump`` calls, most of a signature's CPU); here it is
    built by pyHanko once, cut into pieces, and each later signature only
    puts 32 bytes of digest into the signed attributes, signs them and joins
    the pieces."""

    attrs_head: bytes  # the signed attributes ([0] IMPLICIT) up to the digest
    attrs_tail: bytes  # and after it
    signer_info_head: bytes  # version, sid, digest algorithm
    signer_info_tail: bytes  # the signature algorithm
    signed_data_head: bytes  # version, digest algorithms, content info, certificates
    content_type: bytes  # the ContentInfo's OID (signed data)

    @classmethod
    def cut(cls, content_info: cms.ContentInfo, digest: bytes) -> "_CmsTemplate | None":
        """The template of a ContentInfo pyHanko made for ``digest``; None
        when it does not have the expected shape (then pyHanko signs)."""
        signed_data = content_info["content"]
        infos = signed_data["signer_infos"]
        if len(infos) != 1 or signed_data["crls"].native is not None:
            return None
        info = infos[0]
        if info["unsigned_attrs"].native is not None:
            return None
        attrs = info["signed_attrs"].dump()
        at = attrs.find(digest)
        if at < 0 or attrs.find(digest, at + 1) >= 0:
            return None
        template = cls(
            attrs_head=attrs[:at],
            attrs_tail=attrs[at + len(digest) :],
            signer_info_head=b"".join(
                info[name].dump() for name in ("version", "sid", "digest_algorithm")
            ),
            signer_info_tail=info["signature_algorithm"].dump(),
            signed_data_head=b"".join(
                signed_data[name].dump()
                for name in ("version", "digest_algorithms", "encap_content_info", "certificates")
            ),
            content_type=content_info["content_type"].dump(),
        )
        # The pieces put together again must give pyHanko's bytes exactly.
        if template.join(digest, info["signature"].native) != content_info.dump():
            return None
        return template

    def signed_attributes(self, digest: bytes) -> bytes:
        """What is signed: the attributes as a SET (tag 0x31, not [0])."""
        return b"\x31" + self.attrs_head[1:] + digest + self.attrs_tail

    def join(self, digest: bytes, signature: bytes) -> bytes:
        signer_info = _der(
            0x30,
            self.signer_info_head
            + self.attrs_head
            + digest
            + self.attrs_tail
            + self.signer_info_tail
            + _der(0x04, signature),
        )
        signed_data = _der(0x30, self.signed_data_head + _der(0x31, signer_info))
        return _der(0x30, self.content_type + _der(0xA0, signed_data))


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's signer with the private key parsed once, and the CMS
    assembled from a template (``_CmsTemplate``) once pyHanko has made the
    first one."""

    def __init__(self, *, key, **kwargs):
        super().__init__(**kwargs)
        self._key = key
        self._templates: dict[str, _CmsTemplate | None] = {}
        self._templates_lock = threading.Lock()

    async def async_sign(
        self,
        data_digest: bytes,
        digest_algorithm: str,
        dry_run=False,
        use_pades=False,
        timestamper=None,
        signed_attr_settings=None,
        is_pdf_sig=True,
        encap_content_info=None,
    ) -> cms.ContentInfo:
        # Only the signatures whose attributes are the same every time: PAdES
        # (no signing time), no timestamp, no extra signed attributes.
        plain = (
            use_pades
            and is_pdf_sig
            and not dry_run
            and timestamper is None
            and encap_content_info is None
            and (
                signed_attr_settings is None
                or (
                    signed_attr_settings.cades_signed_attrs is None
                    and getattr(signed_attr_settings, "adobe_revinfo_attr", None) is None
                )
            )
        )
        template = self._templates.get(digest_algorithm) if plain else None
        if template is not None:
            signature = self.sign_raw(template.signed_attributes(data_digest), digest_algorithm)
            return cms.ContentInfo.load(template.join(data_digest, signature))
        content_info = await super().async_sign(
            data_digest,
            digest_algorithm,
            dry_run=dry_run,
            use_pades=use_pades,
            timestamper=timestamper,
            signed_attr_settings=signed_attr_settings,
            is_pdf_sig=is_pdf_sig,
            encap_content_info=encap_content_info,
        )
        if plain:
            with self._templates_lock:
                if digest_algorithm not in self._templates:
                    self._templates[digest_algorithm] = _CmsTemplate.cut(content_info, data_digest)
        return content_info

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        digest = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, RSAPrivateKey):
            return self._key.sign(data, PKCS1v15(), digest)
        if mechanism == "ecdsa" and isinstance(self._key, EllipticCurvePrivateKey):
            return self._key.sign(data, ECDSA(digest))
        return super().sign_raw(data, digest_algorithm)


class UrlTimeStamper(TimeStamper):
    """An RFC 3161 timestamp authority over plain HTTP(S) POST."""

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        super().__init__()
        self.url = url
        self.timeout = timeout

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        request = urllib.request.Request(
            self.url,
            data=req.dump(),
            headers={"Content-Type": "application/timestamp-query"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                body = answer.read(1_000_000)
        except (OSError, urllib.error.URLError) as error:
            raise TimestampRequestError("timestamp authority unreachable") from error
        return tsp.TimeStampResp.load(body)


class Pkcs12Signer:
    kind = "pkcs12"

    def __init__(
        self,
        *,
        key,
        certificate: x509.Certificate,
        chain: list[x509.Certificate],
        timestamp_url: str = "",
        reason: str = "",
    ) -> None:
        self.certificate = certificate
        self.subject = subject_name(certificate)
        registry = SimpleCertificateStore()
        registry.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in chain])
        self._signer = _KeptKeySigner(
            key=key,
            signing_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
            signing_key=translate_pyca_cryptography_key_to_asn1(key),
            cert_registry=registry,
        )
        self._timestamper = UrlTimeStamper(timestamp_url) if timestamp_url else None
        self.level = "B-T" if timestamp_url else "B-B"
        self.reason = reason

    @classmethod
    def load(cls, data: bytes, *, password: str, timestamp_url: str = "", reason: str = ""):
        """Open and check a PKCS#12 (``SigningError`` ``signer_misconfigured``
        with the reason when it cannot sign)."""
        try:
            key, certificate, chain = pkcs12.load_key_and_certificates(
                data, password.encode() if password else None
            )
        except (ValueError, TypeError) as error:
            raise SigningError(
                _("The PKCS#12 file does not open: wrong password or not a PKCS#12 file."),
                code="signer_misconfigured",
            ) from error
        if key is None or certificate is None:
            raise SigningError(
                _("The PKCS#12 file holds no private key with its certificate."),
                code="signer_misconfigured",
            )
        check_signing_certificate(certificate)
        return cls(
            key=key,
            certificate=certificate,
            chain=list(chain),
            timestamp_url=timestamp_url,
            reason=reason,
        )

    def sign(self, pdf: bytes, *, field: str, stamp: Stamp | None = None) -> SignedPdf:
        check_signing_certificate(self.certificate)
        metadata = signers.PdfSignatureMetadata(
            field_name=field,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=self.reason or None,
            name=self.subject,
        )
        field_spec = None
        style = None
        if stamp is not None:
            field_spec = fields.SigFieldSpec(field, on_page=stamp.page, box=stamp.box)
            style = stamps.TextStampStyle(stamp_text=stamp.text, border_width=1)
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=self._signer,
            timestamper=self._timestamper,
            new_field_spec=field_spec,
            stamp_style=style,
        )
        reserved = BYTES_RESERVED_TSA if self._timestamper else BYTES_RESERVED
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
            out = outside_event_loop(pdf_signer.sign_pdf, writer, bytes_reserved=reserved)
        except TimestampRequestError as error:
            raise SigningError(
                _("The timestamp authority did not answer; nothing was signed."),
                code="signer_unavailable",
            ) from error
        except (TimeoutError, HankoSigningError, ValueError) as error:
            raise SigningError(
                _("The certificate could not be signed: %(error)s")
                % {"error": type(error).__name__},
                code="signer_failed",
            ) from error
        return SignedPdf(data=out.getvalue(), signer=self.subject, level=self.level)
