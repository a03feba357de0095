"""What spj adds to lower apps through their registries (registered in
SpjConfig.ready()): the "SPJ" entry of the event menu, its audit sentences,
the evaluation's results in the laporan kegiatan (its own registry, fed
from evaluations below it), and the erasure of speakers' personal data
with the event's retention."""

from django.utils.translation import gettext_lazy as _

from bimtek import extensions
from outbox.erasure import deliveries_erase
from outbox.models import Delivery
from participants import extensions as participant_extensions
from spj import extensions as spj_extensions
from spj.documents import evaluation
from spj.models import DocumentKind
from spj.services import people_erase

AUDIT_ACTIONS = {
    "spj.person_created": _("SPJ person added"),
    "spj.person_changed": _("SPJ person changed"),
    "spj.person_deleted": _("SPJ person deleted"),
    "spj.settings_changed": _("SPJ settings changed"),
    "spj.minutes_numbered": _("Berita acara numbered"),
    "spj.data_request_sent": _("SPJ form sent to a speaker"),
    "spj.data_request_filled": _("SPJ data filled in by the speaker"),
    "spj.template_uploaded": _("SPJ Word template uploaded"),
    "spj.template_reset": _("SPJ Word template back to the built-in one"),
    "spj.photo_added": _("SPJ documentation photo added"),
    "spj.photo_deleted": _("SPJ documentation photo deleted"),
    "export.spj.pack": _("SPJ pack (ZIP) downloaded"),
    **{f"export.spj.{kind}": _("SPJ document downloaded") for kind in DocumentKind.values},
}


def messages_erase(*, registrations=None, events=None) -> int:
    """The erasure listener for the SPJ's mails to speakers (the form's link,
    topic ``spj:<event id>``): blanked with the event's retention, like the
    speakers' data (``people_erase``); a participant's own erasure concerns
    none of them."""
    if events is None:
        return 0
    topics = [f"spj:{pk}" for pk in events.values_list("pk", flat=True)]
    if not topics:
        return 0
    return deliveries_erase(deliveries=Delivery.objects.filter(message__topic__in=topics))


def register() -> None:
    extensions.audit_labels_register(kinds=[("spj", _("SPJ"), 90)], actions=AUDIT_ACTIONS)
    extensions.event_links.register(
        extensions.EventLink(
            key="spj",
            label=_("SPJ"),
            url_name="spj:overview",
            permission="spj.manage_spj",
            icon="bi-file-earmark-text",
            order=70,
        )
    )
    spj_extensions.report_figures.register(
        spj_extensions.ReportFigures(key="evaluations", rows=evaluation.figures, order=10)
    )
    participant_extensions.erasure_listeners.register(
        participant_extensions.ErasureListener(key="spj_people", erase=people_erase, order=50)
    )
    participant_extensions.erasure_listeners.register(
        participant_extensions.ErasureListener(key="spj_messages", erase=messages_erase, order=51)
    )
