import pytest
from django.core import mail
from django.urls import reverse

from broadcasts.models import Broadcast
from outbox.models import Channel, DeliveryStatus
from participants.models.registrations import RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _compose_url(event):
    return reverse("broadcasts:compose", kwargs={"code": event.code})


def _data(**extra):
    data = {
        "statuses": [RegistrationStatus.APPROVED],
        "channel": "email",
        "subject": "Info teknis",
        "body": "Yth. {nama}, bawa laptop.",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("role", ["anonymous", "participant", "door_staff", "other_team"])
def test_compose_refuses_everyone_but_the_teams_organisers(client, event, user_for_role, role):
    if role == "other_team":
        user = factories.organiser_user(teams=[factories.TeamFactory(name="Bappeda")])
    else:
        user = user_for_role(role)
    if user:
        client.force_login(user)
    response = client.get(_compose_url(event))
    assert response.status_code in (302, 403, 404)
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_the_teams_organiser_sees_the_messages_tab(client, event, organiser):
    client.force_login(organiser)
    page = client.get(reverse("broadcasts:list", kwargs={"code": event.code}))
    assert page.status_code == 200
    assert reverse("broadcasts:list", kwargs={"code": event.code}) in page.text


def test_preview_shows_count_and_a_real_recipient(client, event, organiser):
    registration = factories.RegistrationFactory(event=event, participant__full_name="Sari")
    factories.RegistrationFactory(event=event, status=RegistrationStatus.REJECTED)
    client.force_login(organiser)

    page = client.post(_compose_url(event), _data(preview="1"))

    assert page.status_code == 200
    assert 'data-testid="preview-count"' in page.text
    assert page.context["preview"].count == 1
    assert "Yth. Sari, bawa laptop." in page.text
    assert registration.participant.display_name in page.text
    assert not Broadcast.objects.exists()


def test_unknown_placeholder_is_shown_on_the_form(client, event, organiser):
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)

    page = client.post(_compose_url(event), _data(body="Halo {name}", preview="1"))

    assert page.status_code == 200
    assert "{name}" in page.text and "{nama}" in page.text
    assert page.context["preview"] is None


def test_html_in_the_body_is_never_markup(client, event, organiser):
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)

    page = client.post(_compose_url(event), _data(body="<script>alert(1)</script>", preview="1"))

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_send_redirects_to_progress_and_mails(
    client, event, organiser, django_capture_on_commit_callbacks
):
    factories.RegistrationFactory(event=event)
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_compose_url(event), _data(send="1"))

    broadcast = Broadcast.objects.get()
    assert response.status_code == 302 and response["Location"] == broadcast.get_absolute_url()
    assert len(mail.outbox) == 2
    progress = client.get(
        reverse("broadcasts:progress", kwargs={"code": event.code, "pk": broadcast.pk})
    ).json()
    assert progress["sent"] == 2 and progress["done"] == 2 and progress["total"] == 2
    detail = client.get(broadcast.get_absolute_url())
    assert detail.text.count('data-testid="delivery-row"') == 2


def test_sending_to_many_asks_to_confirm(client, event, organiser, settings):
    settings.BROADCAST_CONFIRM_ABOVE = 1
    factories.RegistrationFactory(event=event)
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)

    page = client.post(_compose_url(event), _data(send="1"))

    assert page.status_code == 200 and not Broadcast.objects.exists()
    assert 'data-testid="field-confirm"' in page.text
    client.post(_compose_url(event), _data(send="1", confirm="1"))
    assert Broadcast.objects.count() == 1


def test_other_teams_organiser_cannot_open_a_message(client, event, organiser):
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)
    client.post(_compose_url(event), _data(send="1"))
    broadcast = Broadcast.objects.get()
    stranger = factories.organiser_user(teams=[factories.TeamFactory(name="Bappeda")])
    client.force_login(stranger)

    assert client.get(broadcast.get_absolute_url()).status_code in (403, 404)


def test_message_of_another_event_is_not_found_under_this_one(client, event, organiser):
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)
    client.post(_compose_url(event), _data(send="1"))
    broadcast = Broadcast.objects.get()
    other = factories.EventFactory()

    url = reverse("broadcasts:detail", kwargs={"code": other.code, "pk": broadcast.pk})
    assert client.get(url).status_code == 404


def test_wa_list_links_and_mark_as_sent(client, event, organiser):
    factories.RegistrationFactory(
        event=event, participant__phone="+6281234567890", whatsapp_consent=True
    )
    client.force_login(organiser)
    client.post(_compose_url(event), _data(send="1", channel="wa_link", body="Halo & sampai"))
    broadcast = Broadcast.objects.get()
    delivery = broadcast.message.deliveries.get()
    assert delivery.channel == Channel.WA_LINK

    page = client.get(broadcast.get_absolute_url())
    assert "https://wa.me/6281234567890?text=" in page.text
    assert "Halo%20%26%20sampai" in page.text
    assert 'data-testid="wa-copy"' in page.text

    url = reverse(
        "broadcasts:delivery_mark_sent",
        kwargs={"code": event.code, "pk": broadcast.pk, "delivery": delivery.pk},
    )
    assert client.post(url).status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.marked_by == organiser


def test_resend_failed(client, event, organiser, django_capture_on_commit_callbacks):
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)
    client.post(_compose_url(event), _data(send="1"))
    broadcast = Broadcast.objects.get()
    broadcast.message.deliveries.update(status=DeliveryStatus.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("broadcasts:resend", kwargs={"code": event.code, "pk": broadcast.pk}))

    assert broadcast.message.deliveries.get().status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_message_list_query_count_does_not_grow(
    client, event, organiser, django_assert_max_num_queries
):
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)
    url = reverse("broadcasts:list", kwargs={"code": event.code})
    client.post(_compose_url(event), _data(send="1"))
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    one_message = len(one)
    for _ in range(3):
        client.post(_compose_url(event), _data(send="1"))
    with django_assert_max_num_queries(one_message):
        client.get(url)


@pytest.mark.parametrize(("kind", "noted"), [("announcement", True), ("essential", False)])
def test_preview_says_an_announcement_carries_an_unsubscribe_link(
    client, event, organiser, kind, noted
):
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)

    page = client.post(_compose_url(event), _data(preview="1", kind=kind))

    assert ('data-testid="preview-unsubscribe-note"' in page.text) is noted


def test_the_sent_messages_title_reads_the_events_placeholders(
    client, event, organiser, django_capture_on_commit_callbacks
):
    factories.RegistrationFactory(event=event)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _compose_url(event), _data(subject="Info teknis {kegiatan} untuk {nama}", send="1")
        )
    broadcast = Broadcast.objects.get()

    listing = client.get(reverse("broadcasts:list", kwargs={"code": event.code}))
    detail = client.get(broadcast.get_absolute_url())

    for page in (listing, detail):
        assert f"Info teknis {event.title} untuk {{nama}}" in page.text
        assert "{kegiatan}" not in page.text.split("<main", 1)[1].split("<form", 1)[0]


def test_compose_filters_word_their_empty_choice_and_errors_come_before_help(
    client, event, organiser
):
    client.force_login(organiser)

    page = client.get(_compose_url(event), HTTP_ACCEPT_LANGUAGE="id")
    posted = client.post(_compose_url(event), _data(body="", preview="1"))

    assert page.status_code == 200
    assert "---------" not in page.text
    for empty in ("Semua instansi", "Semua kategori", "Sesi mana pun"):
        assert f'<option value="">{empty}</option>' in page.text
    body = posted.text[posted.text.index('data-testid="field-body"') :]
    assert body.index("invalid-feedback") < body.index("form-text")
