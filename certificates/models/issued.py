from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from certificates.codes import group_code, new_verification_code


class ExceptionDecision(models.TextChoices):
    GRANT = "grant", _("Grant the certificate despite the attendance")
    DENY = "deny", _("Deny the certificate despite the attendance")


class EligibilityException(models.Model):
    """An organiser's decision that overrides the attendance rule for one
    registration, always with a reason (shown to the participant)."""

    registration = models.OneToOneField(
        "participants.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificate_exception",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ExceptionDecision)
    reason = models.CharField(_("reason"), max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("certificate exception")
        verbose_name_plural = _("certificate exceptions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="certificates_exception_has_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=["grant", "deny"]),
                name="certificates_exception_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.reason}"


class CertificateCounter(models.Model):
    """The last certificate number used at one event. Issuing locks this row
    (SELECT … FOR UPDATE) so numbers have no gaps and no duplicates."""

    event = models.OneToOneField(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="certificate_counter",
    )
    last_sequence = models.PositiveIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.last_sequence}"


class Certificate(models.Model):
    """An issued certificate: its number, its verification code and a frozen
    snapshot of everything printed on it. Never edited: a correction revokes
    it and issues a new one (``replaces``)."""

    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    registration = models.ForeignKey(
        "participants.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    sequence = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("certificate number"), max_length=150)
    code = models.CharField(
        _("verification code"),
        max_length=32,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    snapshot = models.JSONField(_("printed data"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["event", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "sequence"], name="certificates_sequence_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["event", "number"], name="certificates_number_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(revoked_at__isnull=True),
                name="certificates_one_valid_per_registration",
            ),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="certificates_sequence_positive"
            ),
            models.CheckConstraint(
                condition=(models.Q(revoked_at__isnull=True) & models.Q(revoke_reason=""))
                | (models.Q(revoked_at__isnull=False) & ~models.Q(revoke_reason="")),
                name="certificates_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", kwargs={"code": self.code})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def grouped_code(self) -> str:
        return group_code(self.code)

    @property
    def verify_url(self) -> str:
        """The absolute URL printed in the QR code."""
        return settings.SITE_URL + self.get_absolute_url()

    @staticmethod
    def verify_url_format() -> str:
        """``verify_url`` as a format string with ``{code}``: one ``reverse()``
        for the many rows of an export instead of one per certificate. Codes
        are base32 (certificates.codes), which a URL never quotes."""
        marker = "VERIFYCODEMARKER"
        prefix, suffix = (
            settings.SITE_URL + reverse("certificates:verify", kwargs={"code": marker})
        ).rsplit(marker, 1)
        return (
            prefix.replace("{", "{{").replace("}", "}}")
            + "{code}"
            + suffix.replace("{", "{{").replace("}", "}}")
        )
