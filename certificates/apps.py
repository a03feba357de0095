from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Eligibility from attendance, numbering, PDF certificates, verification."""

    name = "certificates"
    verbose_name = _("Certificates")
    role_permissions = {
        "Panitia": [
            "certificates.view_certificate",
            "certificates.view_certificatesettings",
            "certificates.change_certificatesettings",
            "certificates.view_eligibilityexception",
            "certificates.view_certificatejob",
        ],
    }

    def ready(self) -> None:
        from certificates import (
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )
        from certificates.signing import checks  # noqa: F401  (registers the checks)

        integrations.register()
