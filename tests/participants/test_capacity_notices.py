"""Changing an event's capacity: lowering it below the approved count warns
and says what happens; raising it offers to promote the waiting list."""

import pytest
from django.urls import reverse

from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory, organiser_user

pytestmark = pytest.mark.django_db


def _edit_data(client, event, **overrides) -> dict:
    """The edit form as it stands, with ``overrides``."""
    form = client.get(reverse("organiser:event_edit", kwargs={"code": event.code})).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        formatted = field.widget.format_value(value)
        data[name] = "" if formatted is None else formatted
    data.update(overrides)
    return data


@pytest.fixture
def full_event(client):
    client.force_login(organiser_user())
    event = EventFactory(capacity=5)
    RegistrationFactory.create_batch(5, event=event)
    RegistrationFactory.create_batch(3, event=event, status=RegistrationStatus.WAITLISTED)
    return event


def test_lowering_capacity_below_the_approved_warns_and_saves_nothing(client, full_event):
    url = reverse("organiser:event_edit", kwargs={"code": full_event.code})

    response = client.post(url, _edit_data(client, full_event, capacity="3"))

    full_event.refresh_from_db()
    assert response.status_code == 200
    assert full_event.capacity == 5
    assert 'data-testid="capacity-warning"' in response.text
    warning = response.context["capacity_warnings"][0].message
    assert "5" in warning and "3" in warning
    assert 'name="confirm_capacity"' in response.text


def test_lowering_capacity_below_the_approved_once_confirmed_keeps_every_seat(client, full_event):
    url = reverse("organiser:event_edit", kwargs={"code": full_event.code})

    response = client.post(url, _edit_data(client, full_event, capacity="3", confirm_capacity="1"))

    full_event.refresh_from_db()
    assert response.status_code == 302
    assert full_event.capacity == 3
    approved = Registration.objects.filter(event=full_event, status=RegistrationStatus.APPROVED)
    assert approved.count() == 5


def test_lowering_capacity_warning_says_what_happens_in_bahasa_indonesia(client, full_event):
    url = reverse("organiser:event_edit", kwargs={"code": full_event.code})

    response = client.post(url, _edit_data(client, full_event, capacity="3"))

    assert "Tidak ada yang kehilangan kursinya" in response.text


def test_lowering_capacity_above_the_approved_needs_no_confirmation(client, full_event):
    url = reverse("organiser:event_edit", kwargs={"code": full_event.code})

    response = client.post(url, _edit_data(client, full_event, capacity="6"))

    assert response.status_code == 302


def test_raising_capacity_offers_to_promote_the_waiting_list_there(client, full_event):
    url = reverse("organiser:event_edit", kwargs={"code": full_event.code})

    saved = client.post(url, _edit_data(client, full_event, capacity="7"), follow=True)

    assert 'data-testid="capacity-offer"' in saved.text
    offer = next(n for n in saved.context["capacity_notices"] if n.action_url)
    assert "2" in offer.action_label
    promoted = client.post(offer.action_url, follow=True)
    assert promoted.redirect_chain[-1][0] == reverse(
        "organiser:event_detail", kwargs={"code": full_event.code}
    )
    assert (
        Registration.objects.filter(event=full_event, status=RegistrationStatus.APPROVED).count()
        == 7
    )
    assert 'data-testid="capacity-offer"' not in promoted.text


def test_edit_page_offers_the_free_seats_too(client, full_event):
    full_event.capacity = 6
    full_event.save(update_fields=["capacity"])

    page = client.get(reverse("organiser:event_edit", kwargs={"code": full_event.code}))

    assert 'data-testid="capacity-offer"' in page.text


def test_promote_ignores_a_next_to_another_site(client, full_event):
    full_event.capacity = 6
    full_event.save(update_fields=["capacity"])
    url = reverse("participants:waitlist_promote", kwargs={"code": full_event.code})

    response = client.post(url + "?next=https://evil.example/")

    assert response["Location"] == reverse(
        "participants:organiser_list", kwargs={"code": full_event.code}
    )
