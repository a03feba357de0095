"""Seats, the waiting list, approval, cancellation and tickets (services)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from bimtek.models import AuditEntry
from bimtek.models.events import ApprovalMode, EventStatus, RegistrationMode
from participants.errors import RegistrationError
from participants.models import Registration, RevokedToken
from participants.models.registrations import (
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from participants.services.registrations import (
    registration_approve,
    registration_cancel,
    registration_create,
    registration_reissue_ticket,
    registration_reject,
    registrations_bulk_change,
    waitlist_promote,
)
from tests.factories import EventFactory, ParticipantFactory, RegistrationFactory, organiser_user

pytestmark = pytest.mark.django_db


def _register(event, participant=None, **kwargs):
    return registration_create(
        event=event, participant=participant or ParticipantFactory(), **kwargs
    )


def test_registration_within_capacity_is_approved():
    event = EventFactory(capacity=2)

    registration = _register(event)

    assert registration.status == RegistrationStatus.APPROVED
    assert registration.source == RegistrationSource.SELF
    assert len(registration.token) == 32


def test_registrations_beyond_capacity_are_waitlisted_in_order():
    event = EventFactory(capacity=2)
    first, second = _register(event), _register(event)

    third, fourth = _register(event), _register(event)

    assert {first.status, second.status} == {RegistrationStatus.APPROVED}
    assert third.status == fourth.status == RegistrationStatus.WAITLISTED


def test_event_without_capacity_approves_everyone():
    event = EventFactory(capacity=None)

    statuses = {_register(event).status for _ in range(5)}

    assert statuses == {RegistrationStatus.APPROVED}


def test_speakers_and_committee_take_no_seat():
    event = EventFactory(capacity=1)
    _register(event)

    speaker = _register(event, role=RegistrationRole.SPEAKER, source=RegistrationSource.ORGANISER)
    committee = _register(
        event, role=RegistrationRole.ORGANISER, source=RegistrationSource.ORGANISER
    )

    assert speaker.status == committee.status == RegistrationStatus.APPROVED
    assert _register(event).status == RegistrationStatus.WAITLISTED


def test_cancellation_promotes_the_first_waiting_person_and_emails_them(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1)
    seated = _register(event)
    first_waiting = _register(event, participant=ParticipantFactory(email="first@example.org"))
    second_waiting = _register(event)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=seated, actor=None)

    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.APPROVED
    assert second_waiting.status == RegistrationStatus.WAITLISTED
    promoted = [m for m in mail.outbox if m.to == ["first@example.org"]]
    assert len(promoted) == 1
    assert "Kursi" in promoted[0].subject or "seat" in promoted[0].subject
    assert any(name.endswith(".pdf") for name, *_rest in _attachments(promoted[0]))


def _attachments(message):
    return [
        (attachment.get_filename(), attachment)
        if hasattr(attachment, "get_filename")
        else (attachment[0], attachment)
        for attachment in message.attachments
    ]


def test_rejecting_an_approved_registration_frees_its_seat():
    event = EventFactory(capacity=1)
    seated = _register(event)
    waiting = _register(event)

    registration_reject(registration=seated, actor=organiser_user())

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.APPROVED


def test_cancelling_twice_is_refused_with_a_code():
    registration = _register(EventFactory())
    registration_cancel(registration=registration, actor=None)

    with pytest.raises(RegistrationError) as excinfo:
        registration_cancel(registration=registration, actor=None)

    assert excinfo.value.code == "not_active"


def test_moderated_event_keeps_self_registrations_pending_until_approved():
    event = EventFactory(capacity=1, approval_mode=ApprovalMode.MODERATED)
    first, second = _register(event), _register(event)
    organiser = organiser_user()

    assert first.status == second.status == RegistrationStatus.PENDING
    registration_approve(registration=first, actor=organiser)
    registration_approve(registration=second, actor=organiser)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.APPROVED
    assert second.status == RegistrationStatus.WAITLISTED


def test_moderated_event_does_not_hold_organiser_additions_for_approval():
    event = EventFactory(approval_mode=ApprovalMode.MODERATED)

    registration = _register(event, source=RegistrationSource.ORGANISER, actor=organiser_user())

    assert registration.status == RegistrationStatus.APPROVED


def test_approving_a_registration_that_is_not_pending_is_refused():
    registration = _register(EventFactory())

    with pytest.raises(RegistrationError) as excinfo:
        registration_approve(registration=registration, actor=organiser_user())

    assert excinfo.value.code == "not_pending"


def test_bulk_approval_gives_seats_in_order_of_registration():
    event = EventFactory(capacity=2, approval_mode=ApprovalMode.MODERATED)
    pending = [_register(event) for _ in range(3)]
    already = _register(event, role=RegistrationRole.SPEAKER, source=RegistrationSource.ORGANISER)

    result = registrations_bulk_change(
        event=event,
        registration_ids=[r.pk for r in reversed(pending)] + [already.pk],
        action="approve",
        actor=organiser_user(),
    )

    assert result.done == [pending[0].pk, pending[1].pk]
    assert result.waitlisted == [pending[2].pk]
    assert result.refused == {already.pk: "not_pending"}


def test_bulk_change_ignores_registrations_of_other_events():
    event, other = EventFactory(), EventFactory()
    foreign = _register(other)

    result = registrations_bulk_change(
        event=event, registration_ids=[foreign.pk], action="cancel", actor=organiser_user()
    )

    foreign.refresh_from_db()
    assert result.done == [] and foreign.status == RegistrationStatus.APPROVED


def test_a_person_registers_once_per_event():
    event = EventFactory()
    participant = ParticipantFactory()
    _register(event, participant=participant)

    with pytest.raises(RegistrationError) as excinfo:
        _register(event, participant=participant)

    assert excinfo.value.code == "already_registered"
    assert Registration.objects.filter(event=event).count() == 1


def test_a_cancelled_registration_is_reopened_at_the_back_of_the_queue():
    event = EventFactory(capacity=1)
    participant = ParticipantFactory()
    registration = _register(event, participant=participant)
    registration_cancel(registration=registration, actor=None)
    _register(event)  # someone else took the seat

    reopened = _register(event, participant=participant)

    assert reopened.pk == registration.pk
    assert reopened.status == RegistrationStatus.WAITLISTED


def test_a_rejected_person_cannot_register_themselves_again():
    event = EventFactory()
    participant = ParticipantFactory()
    registration = _register(event, participant=participant)
    registration_reject(registration=registration, actor=organiser_user())

    with pytest.raises(RegistrationError) as excinfo:
        _register(event, participant=participant)

    assert excinfo.value.code == "rejected"


@pytest.mark.parametrize(
    ("event_kwargs", "code"),
    [
        ({"status": EventStatus.DRAFT}, "registration_not_open"),
        ({"status": EventStatus.CANCELLED}, "event_cancelled"),
        ({"status": EventStatus.FINISHED}, "event_over"),
        ({"registration_mode": RegistrationMode.INVITATION}, "invitation_only"),
        (
            {"registration_opens_at": timezone.now() + dt.timedelta(days=1)},
            "registration_not_open",
        ),
        (
            {
                "registration_opens_at": timezone.now() - dt.timedelta(days=3),
                "registration_closes_at": timezone.now() - dt.timedelta(days=1),
            },
            "registration_closed",
        ),
    ],
)
def test_self_registration_is_refused_outside_its_window(event_kwargs, code):
    event = EventFactory(**event_kwargs)

    with pytest.raises(RegistrationError) as excinfo:
        _register(event)

    assert excinfo.value.code == code
    assert not Registration.objects.filter(event=event).exists()


def test_organiser_may_add_people_after_registration_closed():
    event = EventFactory(
        registration_opens_at=timezone.now() - dt.timedelta(days=3),
        registration_closes_at=timezone.now() - dt.timedelta(days=1),
    )

    registration = _register(event, source=RegistrationSource.ORGANISER, actor=organiser_user())

    assert registration.status == RegistrationStatus.APPROVED


def test_waitlist_promote_fills_seats_freed_by_a_larger_capacity():
    event = EventFactory(capacity=1)
    _register(event)
    waiting = [_register(event) for _ in range(3)]
    event.capacity = 3
    event.save()

    promoted = waitlist_promote(event=event, actor=organiser_user())

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]


def test_new_registration_never_jumps_the_queue():
    event = EventFactory(capacity=1)
    _register(event)
    waiting = _register(event)
    event.capacity = 2
    event.save()

    newcomer = _register(event)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.APPROVED
    assert newcomer.status == RegistrationStatus.WAITLISTED


def test_reissue_gives_a_new_token_and_remembers_the_old_one():
    registration = _register(EventFactory())
    old = registration.token
    organiser = organiser_user()

    registration_reissue_ticket(registration=registration, actor=organiser)

    registration.refresh_from_db()
    assert registration.token != old
    assert not Registration.objects.filter(token=old).exists()
    revoked = RevokedToken.objects.get(token=old)
    assert revoked.registration == registration
    assert revoked.revoked_by == organiser
    assert AuditEntry.objects.filter(action="registration.reissue").count() == 1


@pytest.mark.parametrize(
    "status",
    [
        RegistrationStatus.PENDING,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.REJECTED,
        RegistrationStatus.CANCELLED,
    ],
)
def test_only_an_approved_ticket_is_reissued(status):
    registration = RegistrationFactory(status=status)
    old = registration.token

    with pytest.raises(RegistrationError) as excinfo:
        registration_reissue_ticket(registration=registration, actor=organiser_user())

    assert excinfo.value.code == "not_approved"
    registration.refresh_from_db()
    assert registration.token == old
    assert not RevokedToken.objects.exists()


def test_every_change_is_in_the_audit_trail():
    event = EventFactory(capacity=1)
    organiser = organiser_user()
    registration = _register(event, actor=organiser, source=RegistrationSource.ORGANISER)
    registration_cancel(registration=registration, actor=organiser)

    actions = list(
        AuditEntry.objects.filter(object_id=str(registration.pk)).values_list("action", flat=True)
    )

    assert sorted(actions) == ["registration.cancel", "registration.create"]


# --- The database enforces what must never break -----------------------------


def test_database_refuses_a_second_registration_of_the_same_person():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=registration.event, participant=registration.participant)


def test_database_refuses_two_people_with_one_nip():
    from tests.factories import nip_for

    ParticipantFactory(nip=nip_for(), employment="pns")

    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(nip=nip_for(), employment="pns")


def test_database_refuses_two_people_with_one_email_in_any_case():
    ParticipantFactory(email="siti@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(email="Siti@Example.ORG")


def test_database_refuses_a_nip_that_is_not_18_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(nip="12345")


def test_database_refuses_an_unknown_status():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(status="approved-ish")


def test_database_refuses_an_invitation_registration_without_invitation():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(source=RegistrationSource.INVITATION)


def test_one_account_has_one_profile():
    from tests.factories import participant_user

    user = participant_user()
    ParticipantFactory(user=user)

    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(user=user)
