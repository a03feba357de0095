"""UU PDP: WhatsApp (the Cloud API or the organiser's wa.me list) reaches only
those who agreed to it on their registration; the others get the e-mail."""

import pytest
from django.urls import reverse

from broadcasts import services
from broadcasts.models import Broadcast, BroadcastChannel
from broadcasts.selectors import RecipientFilter
from outbox.models import Channel
from tests import factories

pytestmark = pytest.mark.django_db


def _draft(channel):
    return services.Draft(
        channel=channel, subject="Info teknis", body="Yth. {nama}.", chosen=RecipientFilter()
    )


@pytest.fixture
def three(event):
    """One who agreed, one with a number who did not, one without a number."""
    return {
        "agreed": factories.RegistrationFactory(event=event, whatsapp_consent=True),
        "no_consent": factories.RegistrationFactory(event=event),
        "no_phone": factories.RegistrationFactory(
            event=event, participant__phone="", whatsapp_consent=True
        ),
    }


@pytest.mark.parametrize("channel", [BroadcastChannel.WHATSAPP, BroadcastChannel.WA_LINK])
def test_whatsapp_only_with_consent_email_for_the_others(
    event, organiser, three, channel, monkeypatch
):
    monkeypatch.setattr("outbox.channels.whatsapp.is_configured", lambda: True)

    broadcast = services.broadcast_send(event=event, actor=organiser, draft=_draft(channel))

    deliveries = {d.recipient_key: d.channel for d in broadcast.message.deliveries.all()}
    expected = Channel.WHATSAPP if channel == BroadcastChannel.WHATSAPP else Channel.WA_LINK
    assert deliveries == {
        f"registration:{three['agreed'].pk}": expected,
        f"registration:{three['no_consent'].pk}": Channel.EMAIL,
        f"registration:{three['no_phone'].pk}": Channel.EMAIL,
    }


def test_the_preview_counts_each_channel(event, three, monkeypatch):
    monkeypatch.setattr("outbox.channels.whatsapp.is_configured", lambda: True)

    preview = services.broadcast_preview(event=event, draft=_draft(BroadcastChannel.WHATSAPP))
    by_email = services.broadcast_preview(event=event, draft=_draft(BroadcastChannel.EMAIL))

    assert preview.count == 3
    assert preview.by_channel == {Channel.WHATSAPP: 1, Channel.EMAIL: 2}
    assert preview.no_consent == 1
    assert by_email.by_channel == {Channel.EMAIL: 3} and by_email.no_consent == 0


def test_a_withdrawn_consent_is_respected(event, organiser, three):
    from participants.services.privacy import registration_whatsapp_withdraw

    registration_whatsapp_withdraw(registration=three["agreed"], actor=None)

    broadcast = services.broadcast_send(
        event=event, actor=organiser, draft=_draft(BroadcastChannel.WA_LINK)
    )

    assert set(broadcast.message.deliveries.values_list("channel", flat=True)) == {Channel.EMAIL}


def test_compose_preview_and_wa_list_show_who_has_no_consent(client, event, organiser, three):
    client.force_login(organiser)
    url = reverse("broadcasts:compose", kwargs={"code": event.code})
    data = {
        "statuses": ["approved"],
        "channel": "wa_link",
        "subject": "Info teknis",
        "body": "Yth. {nama}.",
    }

    preview = client.post(url, data)
    client.post(url, {**data, "send": "1"})
    page = client.get(Broadcast.objects.get().get_absolute_url())

    assert 'data-testid="preview-channel-whatsapp"' in preview.text
    assert 'data-testid="preview-no-consent"' in preview.text
    assert "1 lewat WhatsApp" in preview.text and "2 lewat e-mail" in preview.text
    assert 'data-testid="no-whatsapp-consent"' in page.text
    assert page.text.count('data-testid="no-consent-person"') == 1
    assert three["no_consent"].participant.email in page.text
    assert page.text.count('data-testid="wa-link"') == 1
