"""A clone carries the invitations over when asked (issue 14, "Around the
edges"): a checkbox of the clone form; the copies have new links and are
not sent until the organiser sends them."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bimtek.models import AuditEntry, Event
from bimtek.services.events import event_clone
from participants.models import Invitation
from tests.factories import EventFactory, InstitutionFactory, InvitationFactory, organiser_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    event = EventFactory(code="tahap-1", registration_mode="both")
    InvitationFactory(
        event=event,
        institution=InstitutionFactory(name="Dinas Perhubungan"),
        quota=2,
        contact_name="Rina Marlina",
        contact_email="umum.dishub@example.org",
        message="Surat nomor 005/123/DISKOMINFO",
        sent_at=timezone.now(),
    )
    InvitationFactory(event=event, institution=InstitutionFactory(name="Dinas Pendidikan"))
    InvitationFactory(
        event=event,
        institution=InstitutionFactory(name="Bank Riau Kepri"),
        revoked_at=timezone.now(),
    )
    return event


def _clone(source, **kwargs) -> Event:
    return event_clone(
        actor=None,
        source=source,
        code="tahap-2",
        title="Tahap II",
        start_date=source.start_date + dt.timedelta(days=30),
        **kwargs,
    )


def test_clone_copies_invitations_with_new_links_and_sends_none(source):
    mail.outbox.clear()

    clone = _clone(source, options=["invitations"])

    copies = {i.institution.name: i for i in Invitation.objects.filter(event=clone)}
    assert sorted(copies) == ["Dinas Pendidikan", "Dinas Perhubungan"]  # not the withdrawn one
    dishub = copies["Dinas Perhubungan"]
    original = Invitation.objects.get(event=source, institution__name="Dinas Perhubungan")
    assert (dishub.quota, dishub.contact_name, dishub.contact_email, dishub.message) == (
        2,
        "Rina Marlina",
        "umum.dishub@example.org",
        "Surat nomor 005/123/DISKOMINFO",
    )
    assert dishub.token != original.token
    assert dishub.sent_at is None and dishub.revoked_at is None
    assert mail.outbox == []
    entry = AuditEntry.objects.get(event=clone, action="invitation.copy")
    assert "tahap-1" in entry.summary


def test_clone_without_the_option_copies_no_invitation(source):
    clone = _clone(source)

    assert not Invitation.objects.filter(event=clone).exists()


def test_clone_form_offers_the_invitations_and_copies_them_when_ticked(client, source):
    client.force_login(organiser_user())
    url = reverse("organiser:event_clone", kwargs={"code": source.code})

    page = client.get(url)
    response = client.post(
        url,
        {
            "title": "Tahap II",
            "code": "tahap-2",
            "start_date": (source.start_date + dt.timedelta(days=30)).isoformat(),
            "clone_invitations": "on",
        },
    )

    assert 'name="clone_invitations"' in page.text
    assert response.status_code == 302
    assert Invitation.objects.filter(event__code="tahap-2").count() == 2


def test_copied_invitation_is_sent_when_the_organiser_sends_it(
    client, source, django_capture_on_commit_callbacks
):
    clone = _clone(source, options=["invitations"])
    invitation = Invitation.objects.get(event=clone, institution__name="Dinas Perhubungan")
    client.force_login(organiser_user())
    mail.outbox.clear()

    listing = client.get(reverse("participants:invitation_list", kwargs={"code": clone.code}))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "participants:invitation_action",
                kwargs={"code": clone.code, "pk": invitation.pk},
            ),
            {"action": "resend"},
        )

    assert "Belum dikirim" in listing.text or "Not sent" in listing.text
    assert [message.to for message in mail.outbox] == [["umum.dishub@example.org"]]
    assert invitation.token in mail.outbox[0].body
