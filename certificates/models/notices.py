from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """The e-mails a certificate's holder gets (docs/certificates.md)."""

    AVAILABLE = "available", _("Certificate available")
    REVOKED = "revoked", _("Certificate revoked")
    REISSUED = "reissued", _("Certificate reissued")


class CertificateNotice(models.Model):
    """An e-mail about a certificate, claimed before it is sent: the row
    makes each notice go out once however often it is queued. "Available"
    is once per registration; "revoked" and "reissued" once per certificate
    (the revoked one, the replacement)."""

    registration = models.ForeignKey(
        "participants.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate_notices",
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate e-mail")
        verbose_name_plural = _("certificate e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(kind="available"),
                name="certificates_available_notice_once",
            ),
            models.UniqueConstraint(
                fields=["certificate", "kind"],
                condition=~models.Q(kind="available"),
                name="certificates_notice_once_per_certificate",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="available") | models.Q(certificate__isnull=False),
                name="certificates_notice_names_its_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.kind} {self.certificate_id or ''}"
