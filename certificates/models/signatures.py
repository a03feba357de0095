import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignerKind(models.TextChoices):
    PKCS12 = "pkcs12", _("Local PKCS#12 certificate")
    REMOTE = "remote", _("Remote signing service")


def _signed_upload_to(instance, filename: str) -> str:
    # A random name: stored files are served only through permission checks.
    return f"certificates/{instance.certificate.event_id}/signed/{secrets.token_hex(10)}.pdf"


class SignedDocument(models.Model):
    """The electronically signed PDF of a certificate, stored once and served
    byte for byte on every download (a re-render would break the signature)."""

    certificate = models.OneToOneField(
        "certificates.Certificate",
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="signed_document",
    )
    file = models.FileField(_("signed PDF"), upload_to=_signed_upload_to)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signed certificate file")
        verbose_name_plural = _("signed certificate files")

    def __str__(self) -> str:
        return self.file.name


class CertificateSignature(models.Model):
    """One electronic signature in a signed certificate, in signing order."""

    document = models.ForeignKey(
        SignedDocument,
        verbose_name=_("signed certificate file"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    position = models.PositiveSmallIntegerField(_("signing order"))
    signer = models.CharField(_("signer (certificate subject)"), max_length=300)
    signer_kind = models.CharField(_("signer"), max_length=10, choices=SignerKind)
    level = models.CharField(_("PAdES level"), max_length=5)
    signed_at = models.DateTimeField(_("signed at"))
    duration_ms = models.PositiveIntegerField(_("milliseconds taken"), default=0)

    class Meta:
        verbose_name = _("certificate signature")
        verbose_name_plural = _("certificate signatures")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="certificates_signature_order_once"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="certificates_signature_order_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.signer}"
