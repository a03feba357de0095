from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """The e-mails a certificate's holder gets (docs/certificates.md); each
    goes out once, by its key in the outbox (certificates.emails)."""

    AVAILABLE = "available", _("Certificate available")
    REVOKED = "revoked", _("Certificate revoked")
    REISSUED = "reissued", _("Certificate reissued")
