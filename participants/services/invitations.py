"""Institution invitations: an organiser invites an institution with a quota;
its contact registers the delegates through the link they are sent."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek.models import Event, Institution
from bimtek.models.events import RegistrationMode
from bimtek.services import audit_record
from participants.errors import RegistrationError
from participants.models import Invitation, Registration
from participants.models.registrations import ACTIVE_STATUSES, RegistrationSource
from participants.notifications import notify_invitation
from participants.services.people import PersonData
from participants.services.registrations import registration_add_person, registration_cancel


@transaction.atomic
def invitations_refusal(event: Event) -> RegistrationError | None:
    """Why this event takes no invitations, or None: the one rule behind the
    services (one by one, in bulk) and the Invitations tab, which shows it in
    place of the forms."""
    if event.registration_mode == RegistrationMode.OPEN:
        return RegistrationError(
            _(
                "This event takes open registration only. Change its registration to "
                "“Open and by invitation” or “By invitation only” to invite institutions."
            ),
            code="invitations_disabled",
        )
    return None


def invitation_create(
    *,
    event: Event,
    institution: Institution,
    quota: int,
    contact_name: str,
    contact_email: str,
    actor,
    message: str = "",
    send: bool = True,
) -> Invitation:
    refusal = invitations_refusal(event)
    if refusal is not None:
        raise refusal
    if Invitation.objects.filter(event=event, institution=institution).exists():
        raise RegistrationError(
            _("%(institution)s is already invited to this event.")
            % {"institution": institution.name},
            code="already_invited",
        )
    invitation = Invitation(
        event=event,
        institution=institution,
        quota=quota,
        contact_name=" ".join(contact_name.split()),
        contact_email=contact_email.strip().lower(),
        message=message.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:  # a parallel invitation of the same institution
        raise RegistrationError(
            _("%(institution)s is already invited to this event.")
            % {"institution": institution.name},
            code="already_invited",
        ) from error
    audit_record(
        actor=actor,
        action="invitation.create",
        target=invitation,
        event=event,
        summary=f"{institution.name} ({quota})",
    )
    if send:
        invitation_send(invitation=invitation, actor=actor)
    return invitation


@transaction.atomic
def invitation_update(*, invitation: Invitation, actor, **fields) -> Invitation:
    """Change the quota or the contact. The quota cannot drop below the
    delegates already registered."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    used = invitation_used(invitation)
    quota = fields.get("quota", invitation.quota)
    if quota < used:
        raise RegistrationError(
            _("%(count)s delegates are already registered; the quota cannot be lower.")
            % {"count": used},
            code="quota_below_used",
        )
    changes = {}
    for name, value in fields.items():
        if getattr(invitation, name) != value:
            changes[name] = [str(getattr(invitation, name)), str(value)]
            setattr(invitation, name, value)
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    invitation.save()
    if changes:
        audit_record(
            actor=actor,
            action="invitation.update",
            target=invitation,
            event=invitation.event,
            summary=invitation.institution.name,
            changes=changes,
        )
    return invitation


def invitation_used(invitation: Invitation) -> int:
    return invitation.registrations.filter(status__in=ACTIVE_STATUSES).count()


@transaction.atomic
def invitation_send(*, invitation: Invitation, actor) -> Invitation:
    """(Re)send the link to the institution's contact."""
    if not invitation.is_active:
        raise RegistrationError(_("This invitation has been withdrawn."), code="invitation_invalid")
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    audit_record(
        actor=actor,
        action="invitation.send",
        target=invitation,
        event=invitation.event,
        summary=f"{invitation.institution.name} → {invitation.contact_email}",
    )
    notify_invitation(invitation.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Withdraw an invitation: its link stops working. Delegates already
    registered keep their places (cancel them one by one if needed)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="invitation.revoke",
            target=invitation,
            event=invitation.event,
            summary=invitation.institution.name,
        )
    return invitation


@transaction.atomic
def invitation_register_delegate(
    *,
    invitation: Invitation,
    data: PersonData,
    language: str = "",
    whatsapp_consent: bool = False,
) -> Registration:
    """The institution's contact registers one delegate, within the quota.

    The delegate's profile is found by e-mail or NIP, or created without an
    account (the person claims it by signing up with that address). A
    delegate always belongs to the invited institution."""
    data.institution = invitation.institution
    return registration_add_person(
        event=invitation.event,
        data=data,
        actor=None,
        source=RegistrationSource.INVITATION,
        invitation=invitation,
        language=language,
        whatsapp_consent=whatsapp_consent,
    )


@transaction.atomic
def invitation_cancel_delegate(*, invitation: Invitation, registration: Registration) -> None:
    """The contact withdraws a delegate, freeing a place in the quota."""
    if registration.invitation_id != invitation.pk:
        raise RegistrationError(_("This person is not one of your delegates."), code="not_found")
    if not invitation.is_active:
        raise RegistrationError(
            _("This invitation link is no longer valid."), code="invitation_invalid"
        )
    registration_cancel(
        registration=registration,
        actor=None,
        reason=_("withdrawn by %(contact)s") % {"contact": invitation.contact_name},
    )


@transaction.atomic
def invitations_copy(*, source: Event, event: Event, actor) -> list[Invitation]:
    """A clone's invitations ("Tahap II" invites the same OPDs): every
    invitation of ``source`` not withdrawn, with the same quota, contact and
    message, each with a new link, none sent (the organiser sends them when
    the new event is ready). Delegates are not copied."""
    copies = [
        Invitation(
            event=event,
            institution_id=original.institution_id,
            quota=original.quota,
            contact_name=original.contact_name,
            contact_email=original.contact_email,
            message=original.message,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for original in source.invitations.filter(revoked_at__isnull=True).order_by("id")
    ]
    Invitation.objects.bulk_create(copies)
    if copies:
        audit_record(
            actor=actor,
            action="invitation.copy",
            target=event,
            event=event,
            summary=_("%(count)d invitation(s) copied from %(code)s, not sent")
            % {"count": len(copies), "code": source.code},
        )
    return copies
