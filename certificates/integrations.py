"""What certificates adds to lower apps' pages through their registries
(registered in CertificatesConfig.ready()): the organiser's "Sertifikat"
tab, the event list's certificates figure, the certificate panel on each
ticket, and the copy of the certificate design when an event is cloned."""

from django.utils.translation import gettext_lazy as _

from bimtek import extensions
from certificates.models import Certificate
from certificates.panels import ticket_panel_context
from certificates.selectors import annotate_certificates_issued
from outbox import builders as outbox_builders
from outbox.erasure import deliveries_erase
from outbox.models import Delivery
from participants import extensions as participant_extensions
from participants.extensions import TicketPanel, ticket_panels


def copy_design(*, source, event, days, actor) -> None:
    """A cloned event keeps the certificate design (inside the clone's transaction)."""
    from certificates.services import certificate_settings_copy

    certificate_settings_copy(actor=actor, source=source, event=event, days=days)


AUDIT_ACTIONS = {
    "export.certificates": _("Certificates of a bulk run downloaded"),
    "certificate.issue": _("Certificate issued"),
    "certificate.reissue": _("Certificate reissued"),
    "certificate.revoke": _("Certificate revoked"),
    "certificate.bulk": _("Certificates issued in bulk"),
    "certificate.bulk_interrupted": _("Bulk certificate run interrupted"),
    "certificate.settings": _("Certificate design changed"),
    "certificate.exception_grant": _("Certificate granted despite the attendance"),
    "certificate.exception_deny": _("Certificate denied despite the attendance"),
    "certificate.exception_clear": _("Certificate exception removed"),
}


def own_certificates(participant) -> list[dict]:
    """ "My data": the person's certificates, revoked ones included."""
    rows = Certificate.objects.filter(registration__participant=participant).order_by("id")
    return [
        {
            "number": certificate.number,
            "code": certificate.code,
            "issued_at": certificate.issued_at.isoformat(),
            "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "printed": certificate.snapshot,
        }
        for certificate in rows
    ]


def notices_erase(*, registrations=None, events=None) -> int:
    """The erasure listener for a person's certificate notices keyed by the
    certificate ("revoked", "reissued": ``certificate:<id>``), blanked with
    their data; those keyed by the registration and an expired event's are
    broadcasts' (``broadcasts.integrations.messages_erase``)."""
    if registrations is None:
        return 0
    keys = [
        f"certificate:{pk}"
        for pk in Certificate.objects.filter(registration__in=registrations).values_list(
            "pk", flat=True
        )
    ]
    if not keys:
        return 0
    return deliveries_erase(deliveries=Delivery.objects.filter(recipient_key__in=keys))


def register() -> None:
    from certificates.emails import NOTICE_BUILDER

    outbox_builders.register(NOTICE_BUILDER)
    extensions.audit_labels_register(
        kinds=[("certificate", _("Certificates"), 80)], actions=AUDIT_ACTIONS
    )
    participant_extensions.personal_data_sections.register(
        participant_extensions.PersonalDataSection(
            key="certificates", rows=own_certificates, order=20
        )
    )
    participant_extensions.erasure_listeners.register(
        participant_extensions.ErasureListener(
            key="certificate_notices", erase=notices_erase, order=61
        )
    )
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
        extensions.EventCloneListener(key="certificate_design", on_clone=copy_design)
    )
    extensions.event_counters.register(
        extensions.EventCounter(
            key="certificates_issued",
            label=_("Certificates issued"),
            annotate=annotate_certificates_issued,
            order=60,
        )
    )
    ticket_panels.register(
        TicketPanel(
            key="certificate",
            template_name="certificates/_ticket_panel.html",
            context=ticket_panel_context,
            order=50,
        )
    )
