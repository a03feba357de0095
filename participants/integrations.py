"""What participants adds to lower apps' pages through their registries
(registered in ParticipantsConfig.ready()): "My tickets" in the navigation,
the organiser's tabs and figures, the public page's registration panel, the
edit warning and the cancellation listener; and the allauth receiver.

Each function here only reads, or hands over to a service or a task: no
business rule lives in a receiver or a panel.
"""

from allauth.account.signals import email_confirmed
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import navigation
from bimtek import extensions
from bimtek.models.events import EventStatus
from outbox import builders as outbox_builders
from participants import automatic, selectors
from participants.models import Registration
from participants.models.registrations import (
    ACTIVE_STATUSES,
    RegistrationRole,
    RegistrationStatus,
)


def _count_registrations(**filters):
    """An annotation: this event's registrations matching ``filters``, as a
    correlated subquery (no join, so other counters cannot multiply it)."""
    counts = (
        Registration.objects.filter(event=OuterRef("pk"), **filters)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _annotate_registered(queryset):
    return queryset.annotate(registrations_active=_count_registrations(status__in=ACTIVE_STATUSES))


def _annotate_approved(queryset):
    return queryset.annotate(
        registrations_approved=_count_registrations(status=RegistrationStatus.APPROVED)
    )


def _annotate_waitlisted(queryset):
    return queryset.annotate(
        registrations_waitlisted=_count_registrations(status=RegistrationStatus.WAITLISTED)
    )


def registration_panel_context(request, event) -> dict | None:
    """The public event page's registration call to action, in its true state."""
    state = selectors.registration_state(event=event, user=request.user)
    return {"event": event, "state": state, "user": request.user}


def registered_notice(event) -> str | None:
    """Warned when an organiser edits a published event that people registered for."""
    if event.status != EventStatus.PUBLISHED:
        return None
    count = Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES).count()
    if not count:
        return None
    return ngettext(
        "%(count)s person has already registered: tell them about any change.",
        "%(count)s people have already registered: tell them about any change.",
        count,
    ) % {"count": count}


def capacity_notice(*, event, capacity) -> "extensions.CapacityNotice | None":
    """What ``capacity`` means for the event's seats: below the approved
    participants (a warning to confirm: nobody is removed), or free seats
    while people wait (an offer to promote them now)."""
    if event.status in (EventStatus.CANCELLED, EventStatus.FINISHED):
        return None
    counts = Registration.objects.filter(event=event).aggregate(
        approved=Count(
            "pk",
            filter=Q(status=RegistrationStatus.APPROVED, role=RegistrationRole.PARTICIPANT),
        ),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    approved, waiting = counts["approved"], counts["waiting"]
    if capacity is not None and capacity < approved:
        return extensions.CapacityNotice(
            message=ngettext(
                "%(approved)s participant is already approved, more than a capacity of "
                "%(capacity)s. Nobody loses their seat: every approved registration stays, "
                "nobody is e-mailed, and new registrations and promotions go to the waiting "
                "list until cancellations bring the approved below %(capacity)s.",
                "%(approved)s participants are already approved, more than a capacity of "
                "%(capacity)s. Nobody loses their seat: every approved registration stays, "
                "nobody is e-mailed, and new registrations and promotions go to the waiting "
                "list until cancellations bring the approved below %(capacity)s.",
                approved,
            )
            % {"approved": approved, "capacity": capacity},
            confirm=True,
        )
    free = None if capacity is None else capacity - approved
    if not waiting or free == 0:
        return None
    seats = waiting if free is None else min(free, waiting)
    promote_url = reverse("participants:waitlist_promote", kwargs={"code": event.code})
    back = reverse("organiser:event_detail", kwargs={"code": event.code})
    return extensions.CapacityNotice(
        message=ngettext(
            "%(waiting)s person is on the waiting list and seats are free.",
            "%(waiting)s people are on the waiting list and seats are free.",
            waiting,
        )
        % {"waiting": waiting},
        action_url=f"{promote_url}?{urlencode({'next': back})}",
        action_label=ngettext(
            "Give %(count)s seat to the waiting list now",
            "Give %(count)s seats to the waiting list now",
            seats,
        )
        % {"count": seats},
    )


def on_event_status_change(*, event, old_status, new_status, actor) -> None:
    """A cancelled event: e-mail every registrant still registered (queued in
    the outbox inside the cancellation's transaction, sent after commit)."""
    if new_status == EventStatus.CANCELLED and old_status != EventStatus.CANCELLED:
        from participants.notifications import notify_event_cancelled

        notify_event_cancelled(event.pk)


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    """allauth: an address was verified; its unclaimed profile becomes the account's."""
    from participants.services.people import participant_claim

    participant_claim(user=email_address.user, email=email_address.email)


AUDIT_KINDS = [
    ("registration", _("Registrations"), 40),
    ("invitation", _("Invitations"), 50),
    ("participant", _("Participants"), 60),
]
AUDIT_ACTIONS = {
    "export.participants": _("Participant list exported"),
    "export.own_data": _("Own data downloaded"),
    "privacy.erasure_request": _("Erasure of personal data requested"),
    "privacy.erasure_complete": _("Personal data erased on request"),
    "privacy.retention_erase": _("Personal data erased after the retention period"),
    "registration.create": _("Registered"),
    "registration.approve": _("Registration approved"),
    "registration.reject": _("Registration rejected"),
    "registration.cancel": _("Registration cancelled"),
    "registration.whatsapp_withdraw": _("WhatsApp consent withdrawn"),
    "registration.announcements_unsubscribe": _("Unsubscribed from announcements"),
    "registration.announcements_resubscribe": _("Subscribed to announcements again"),
    "registration.whatsapp_consent": _("Agreed to WhatsApp messages"),
    "registration.promote": _("Moved from the waiting list to a seat"),
    "registration.reissue": _("Ticket reissued"),
    "registration.resend": _("E-mail sent again"),
    "registration.import": _("Registered from an imported list"),
    "invitation.create": _("Invitation created"),
    "invitation.update": _("Invitation edited"),
    "invitation.send": _("Invitation sent"),
    "invitation.revoke": _("Invitation withdrawn"),
    "invitation.copy": _("Invitations copied from another event"),
    "participant.update": _("Participant's data edited"),
    "participant.claim": _("Profile linked to an account"),
    "participant.claim_merge": _("Profile merged into an account"),
    "institution.propose": _("Institution proposed by a participant"),
    "institution.confirm": _("Institution confirmed"),
    "institution.merge": _("Institutions merged"),
}


def copy_invitations(*, source, event, days, actor) -> None:
    """A clone asked for its source's invitations (inside the clone's transaction)."""
    from participants.services.invitations import invitations_copy

    invitations_copy(source=source, event=event, actor=actor)


def register() -> None:
    extensions.audit_labels_register(kinds=AUDIT_KINDS, actions=AUDIT_ACTIONS)
    extensions.event_clone_listeners.register(
        extensions.EventCloneListener(
            key="invitations",
            on_clone=copy_invitations,
            option_label=_("Copy the institution invitations"),
            option_help=_(
                "Same institutions, quotas and contacts, with new links; none is sent "
                "until you send it from the Invitations page."
            ),
        )
    )
    email_confirmed.connect(on_email_confirmed, dispatch_uid="participants.claim_profile")
    navigation.nav_items.register(
        navigation.NavItem(
            key="tickets",
            label=_("My tickets"),
            url_name="participants:ticket_list",
            permission="participants.access_tickets",
            icon="bi-ticket-perforated",
            order=30,
        )
    )
    # A participant's pages about themselves, under their name beside the
    # account's own (the profile made when they first registered).
    navigation.user_menu_items.register(
        navigation.NavItem(
            key="profile",
            label=_("My profile"),
            url_name="participants:profile",
            permission="participants.access_tickets",
            icon="bi-person-vcard",
            order=10,
        )
    )
    navigation.user_menu_items.register(
        navigation.NavItem(
            key="own_data",
            label=_("My data"),
            url_name="participants:own_data",
            permission="participants.access_tickets",
            icon="bi-shield-lock",
            order=20,
        )
    )
    extensions.event_public_panels.register(
        extensions.EventPanel(
            key="registration",
            template_name="participants/_event_registration_panel.html",
            context=registration_panel_context,
            order=10,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="participants",
            label=_("Participants"),
            url_name="participants:organiser_list",
            permission="participants.manage_registrations",
            icon="bi-people",
            order=20,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="invitations",
            label=_("Invitations"),
            url_name="participants:invitation_list",
            permission="participants.manage_registrations",
            icon="bi-envelope-paper",
            order=21,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="import",
            label=_("Import"),
            url_name="participants:import_upload",
            permission="participants.manage_registrations",
            icon="bi-file-earmark-arrow-up",
            order=22,
        )
    )
    for key, label, annotate, order in (
        ("registrations_active", _("Registered"), _annotate_registered, 20),
        ("registrations_approved", _("Approved"), _annotate_approved, 21),
        ("registrations_waitlisted", _("Waiting list"), _annotate_waitlisted, 22),
    ):
        extensions.event_counters.register(
            extensions.EventCounter(key=key, label=label, annotate=annotate, order=order)
        )
    extensions.event_change_notices.register(
        extensions.EventNotice(key="registrations", notice=registered_notice)
    )
    extensions.event_capacity_checks.register(
        extensions.EventCapacityCheck(key="seats", check=capacity_notice)
    )
    extensions.event_status_listeners.register(
        extensions.EventStatusListener(
            key="registrations", on_change=on_event_status_change, in_transaction=True
        )
    )
    for builder in automatic.BUILDERS:
        outbox_builders.register(builder)
