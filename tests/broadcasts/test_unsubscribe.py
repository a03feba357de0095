"""Unsubscribe from non-essential messages (issue 17): an announcement
carries a one-click link (unguessable, List-Unsubscribe headers in the
e-mail); later announcements skip the person and compose says so; essential
notices still reach them."""

import pytest
from django.core import mail
from django.urls import reverse

from bimtek.models import AuditEntry
from broadcasts import services, unsubscribe
from broadcasts.errors import BroadcastError
from broadcasts.models import BroadcastChannel, MessageKind
from broadcasts.selectors import RecipientFilter
from outbox.models import Channel, Delivery
from tests import factories

pytestmark = pytest.mark.django_db


def _draft(kind=MessageKind.ANNOUNCEMENT, channel=BroadcastChannel.EMAIL):
    return services.Draft(
        kind=kind,
        channel=channel,
        subject="Info {kegiatan}",
        body="Yth. {nama}, bawa laptop.",
        chosen=RecipientFilter(),
    )


def _unsubscribe_path(registration):
    return reverse("broadcasts:unsubscribe", kwargs={"token": unsubscribe.token_for(registration)})


def test_an_announcement_mail_carries_the_one_click_link(
    event, organiser, django_capture_on_commit_callbacks
):
    registration = factories.RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        services.broadcast_send(event=event, actor=organiser, draft=_draft())

    (sent,) = mail.outbox
    url = unsubscribe.url_for(registration)
    assert sent.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in sent.body
    assert url in sent.alternatives[0][0]


def test_an_essential_notice_has_no_unsubscribe_link(
    event, organiser, django_capture_on_commit_callbacks
):
    factories.RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        services.broadcast_send(
            event=event, actor=organiser, draft=_draft(kind=MessageKind.ESSENTIAL)
        )

    (sent,) = mail.outbox
    assert "List-Unsubscribe" not in sent.extra_headers
    assert "/unsubscribe/" not in sent.body


def test_the_token_is_not_guessable_from_the_id(event):
    registration = factories.RegistrationFactory(event=event)
    token = unsubscribe.token_for(registration)
    assert unsubscribe.registration_for(token) == registration
    assert unsubscribe.registration_for(f"{registration.pk}:forged") is None
    assert unsubscribe.registration_for(str(registration.pk)) is None


def test_later_announcements_skip_the_person_and_essentials_still_go(
    event, organiser, django_capture_on_commit_callbacks
):
    gone = factories.RegistrationFactory(event=event)
    stays = factories.RegistrationFactory(event=event)
    services.broadcast_unsubscribe(token=unsubscribe.token_for(gone))

    preview = services.broadcast_preview(event=event, draft=_draft())
    assert (preview.count, preview.unsubscribed) == (1, 1)
    announcement = services.broadcast_send(event=event, actor=organiser, draft=_draft())
    keys = set(
        Delivery.objects.filter(message=announcement.message).values_list(
            "recipient_key", flat=True
        )
    )
    assert keys == {f"registration:{stays.pk}"}

    essential = _draft(kind=MessageKind.ESSENTIAL)
    assert services.broadcast_preview(event=event, draft=essential).unsubscribed == 0
    notice = services.broadcast_send(event=event, actor=organiser, draft=essential)
    assert notice.message.deliveries.count() == 2


def test_when_all_unsubscribed_nothing_is_sent_and_the_reason_is_given(event, organiser):
    registration = factories.RegistrationFactory(event=event)
    services.broadcast_unsubscribe(token=unsubscribe.token_for(registration))

    with pytest.raises(BroadcastError) as excinfo:
        services.broadcast_send(event=event, actor=organiser, draft=_draft())
    assert excinfo.value.code == "all_unsubscribed"


def test_whatsapp_announcement_ends_with_the_link(event, organiser):
    registration = factories.RegistrationFactory(
        event=event, participant__phone="+6281234567890", whatsapp_consent=True
    )

    broadcast = services.broadcast_send(
        event=event, actor=organiser, draft=_draft(channel=BroadcastChannel.WA_LINK)
    )

    delivery = broadcast.message.deliveries.get()
    assert delivery.channel == Channel.WA_LINK
    assert delivery.body.endswith(unsubscribe.url_for(registration))


def test_the_link_asks_first_in_indonesian_then_unsubscribes(client, event):
    registration = factories.RegistrationFactory(event=event)
    path = _unsubscribe_path(registration)

    page = client.get(path)
    assert page.status_code == 200
    assert "Berhenti menerima pengumuman" in page.text
    registration.refresh_from_db()
    assert registration.announcements_unsubscribed_at is None  # a GET changes nothing

    done = client.post(path)
    assert done.status_code == 200
    assert 'data-testid="unsubscribe-done"' in done.text
    registration.refresh_from_db()
    assert registration.announcements_unsubscribed_at is not None
    assert (
        AuditEntry.objects.filter(
            action="registration.announcements_unsubscribe", event=event
        ).count()
        == 1
    )
    client.post(path)  # twice: still once in the history
    assert AuditEntry.objects.filter(action="registration.announcements_unsubscribe").count() == 1


def test_a_mail_programs_one_click_post_needs_no_csrf_token(event):
    from django.test import Client

    registration = factories.RegistrationFactory(event=event)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        _unsubscribe_path(registration),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.announcements_unsubscribed_at is not None


def test_a_forged_link_is_refused_with_a_message(client, event):
    registration = factories.RegistrationFactory(event=event)
    path = reverse("broadcasts:unsubscribe", kwargs={"token": f"{registration.pk}:abc"})

    response = client.post(path)

    assert response.status_code == 404
    assert "Tautan berhenti berlangganan ini tidak sah" in response.text
    registration.refresh_from_db()
    assert registration.announcements_unsubscribed_at is None


def test_compose_says_how_many_unsubscribed(client, event, organiser):
    gone = factories.RegistrationFactory(event=event)
    factories.RegistrationFactory(event=event)
    services.broadcast_unsubscribe(token=unsubscribe.token_for(gone))
    client.force_login(organiser)

    page = client.post(
        reverse("broadcasts:compose", kwargs={"code": event.code}),
        {
            "kind": "announcement",
            "statuses": ["approved"],
            "channel": "email",
            "subject": "Info",
            "body": "Yth. {nama}",
            "preview": "1",
        },
    )

    assert page.context["preview"].count == 1
    assert 'data-testid="preview-unsubscribed"' in page.text


def test_the_change_notice_opens_compose_as_an_essential_notice(client, event, organiser):
    from broadcasts.changes import change_notice_link

    factories.RegistrationFactory(event=event)
    client.force_login(organiser)
    _label, url = change_notice_link(event)

    page = client.get(url)

    assert page.context["form"]["kind"].value() == MessageKind.ESSENTIAL


def test_the_messages_tab_marks_an_essential_notice(client, event, organiser):
    factories.RegistrationFactory(event=event)
    services.broadcast_send(event=event, actor=organiser, draft=_draft(kind=MessageKind.ESSENTIAL))
    services.broadcast_send(event=event, actor=organiser, draft=_draft())
    client.force_login(organiser)

    page = client.get(reverse("broadcasts:list", kwargs={"code": event.code}))

    assert page.text.count('data-testid="broadcast-essential"') == 1
    assert "Penting" in page.text
