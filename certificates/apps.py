from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _copy_design(*, source, event, days, actor) -> None:
    from certificates.services import certificate_settings_copy

    certificate_settings_copy(actor=actor, source=source, event=event, days=days)


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
        from bimtek import extensions
        from certificates import permissions  # noqa: F401  (registers the rules)
        from certificates.panels import ticket_panel_context
        from certificates.selectors import annotate_certificates_issued
        from participants.extensions import TicketPanel, register_ticket_panel

        extensions.event_links.register(
            extensions.EventLink(
                key="certificates",
                label=_("Certificates"),
                url_name="certificates:organiser_list",
                permission="certificates.manage_certificates",
                icon="bi-award",
                order=60,
            )
        )
        extensions.event_clone_listeners.register(
            extensions.EventCloneListener(key="certificate_design", on_clone=_copy_design)
        )
        extensions.event_counters.register(
            extensions.EventCounter(
                key="certificates_issued",
                label=_("Certificates issued"),
                annotate=annotate_certificates_issued,
                order=60,
            )
        )
        register_ticket_panel(
            TicketPanel(
                key="certificate",
                template_name="certificates/_ticket_panel.html",
                context=ticket_panel_context,
                order=50,
            )
        )
