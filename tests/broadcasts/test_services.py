import pytest
from django.core import mail

from bimtek.models import AuditEntry
from broadcasts import services
from broadcasts.errors import BroadcastError
from broadcasts.models import BroadcastChannel
from broadcasts.selectors import RecipientFilter
from outbox.models import Channel, DeliveryStatus
from participants.models.registrations import RegistrationRole, RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _draft(channel=BroadcastChannel.EMAIL, body="Yth. {nama}, {kegiatan} di {tempat}.", **chosen):
    return services.Draft(
        channel=channel,
        subject="Info teknis {kegiatan}",
        body=body,
        chosen=RecipientFilter(**chosen),
    )


def test_filter_approved_opd_absent_in_a_session(event):
    opd = factories.category("opd")
    other = factories.category("bumd")
    session = factories.open_session(event=event)
    absent = factories.RegistrationFactory(event=event, participant__institution__category=opd)
    present = factories.RegistrationFactory(event=event, participant__institution__category=opd)
    factories.attend(present, [session])
    factories.RegistrationFactory(event=event, participant__institution__category=other)
    factories.RegistrationFactory(
        event=event, status=RegistrationStatus.PENDING, participant__institution__category=opd
    )

    preview = services.broadcast_preview(
        event=event,
        draft=_draft(
            statuses=[RegistrationStatus.APPROVED],
            category_id=opd.pk,
            session_id=session.pk,
            attendance="absent",
        ),
    )

    assert preview.count == 1
    assert preview.recipient.key == f"registration:{absent.pk}"


def test_filter_by_role(event):
    speaker = factories.RegistrationFactory(event=event, role=RegistrationRole.SPEAKER)
    factories.RegistrationFactory(event=event)

    preview = services.broadcast_preview(
        event=event, draft=_draft(roles=[RegistrationRole.SPEAKER])
    )

    assert preview.count == 1 and preview.recipient.name == speaker.participant.display_name


def test_placeholders_are_filled_per_person(event):
    registration = factories.RegistrationFactory(
        event=event, participant__title_front="Dr.", participant__full_name="Budi"
    )

    recipient = services.broadcast_preview(event=event, draft=_draft()).recipient

    assert recipient.body == f"Yth. Dr. Budi, {event.title} di {event.venue}."
    assert recipient.subject == f"Info teknis {event.title}"
    assert recipient.email == registration.participant.email


def test_unknown_placeholder_is_refused_with_the_valid_ones(event):
    factories.RegistrationFactory(event=event)
    with pytest.raises(BroadcastError) as excinfo:
        services.broadcast_preview(event=event, draft=_draft(body="Halo {name}"))
    assert excinfo.value.code == "unknown_placeholder"
    assert "{name}" in excinfo.value.message and "{nama}" in excinfo.value.message


def test_send_emails_everyone_once_and_records_history(
    event, organiser, django_capture_on_commit_callbacks
):
    for _ in range(3):
        factories.RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        broadcast = services.broadcast_send(event=event, actor=organiser, draft=_draft())

    assert len(mail.outbox) == 3
    assert broadcast.recipient_count == 3
    entry = AuditEntry.objects.get(action="broadcast.send")
    assert entry.event == event and entry.changes["recipients"] == 3


def test_send_to_many_needs_confirmation(event, organiser, settings):
    settings.BROADCAST_CONFIRM_ABOVE = 1
    factories.RegistrationFactory(event=event)
    factories.RegistrationFactory(event=event)

    with pytest.raises(BroadcastError) as excinfo:
        services.broadcast_send(event=event, actor=organiser, draft=_draft())
    assert excinfo.value.code == "confirm_needed"

    broadcast = services.broadcast_send(
        event=event, actor=organiser, draft=_draft(), confirmed=True
    )
    assert broadcast.recipient_count == 2


def test_send_to_nobody_is_refused(event, organiser):
    with pytest.raises(BroadcastError) as excinfo:
        services.broadcast_send(event=event, actor=organiser, draft=_draft())
    assert excinfo.value.code == "no_recipients"


def test_wa_link_for_those_with_a_number_email_for_the_others(event, organiser):
    with_phone = factories.RegistrationFactory(event=event, whatsapp_consent=True)
    without = factories.RegistrationFactory(event=event, participant__phone="")

    broadcast = services.broadcast_send(
        event=event, actor=organiser, draft=_draft(channel=BroadcastChannel.WA_LINK)
    )

    deliveries = {d.recipient_key: d for d in broadcast.message.deliveries.all()}
    by_hand = deliveries[f"registration:{with_phone.pk}"]
    assert by_hand.channel == Channel.WA_LINK and by_hand.status == DeliveryStatus.QUEUED
    assert by_hand.body.startswith(f"*Info teknis {event.title}*")
    assert deliveries[f"registration:{without.pk}"].channel == Channel.EMAIL


def test_whatsapp_api_is_refused_when_not_configured(event, organiser):
    factories.RegistrationFactory(event=event)
    with pytest.raises(BroadcastError) as excinfo:
        services.broadcast_send(
            event=event, actor=organiser, draft=_draft(channel=BroadcastChannel.WHATSAPP)
        )
    assert excinfo.value.code == "whatsapp_not_configured"


def test_each_person_gets_their_language(event, organiser, django_capture_on_commit_callbacks):
    factories.RegistrationFactory(event=event, participant__language="en")
    factories.RegistrationFactory(event=event, participant__language="id")

    with django_capture_on_commit_callbacks(execute=True):
        services.broadcast_send(event=event, actor=organiser, draft=_draft())

    footers = sorted("Please do not reply" in m.body for m in mail.outbox)
    assert footers == [False, True]
