from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")
    role_permissions = {
        "Panitia": [
            f"participants.{action}_{model}"
            for model in ("participant", "registration", "invitation")
            for action in ("add", "change", "delete", "view")
        ]
        + ["participants.view_participantimport", "participants.view_revokedtoken"],
        "Peserta": ["participants.add_registration"],
    }

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from accounts import navigation
        from participants import (
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )

        integrations.register()
        email_confirmed.connect(
            integrations.on_email_confirmed, dispatch_uid="participants.claim_profile"
        )

        self._register_attendance()

        navigation.register(
            navigation.NavItem(
                key="door",
                label=_("Check-in"),
                url_name="participants:door_home",
                permission="participants.access_door",
                icon="bi-qr-code-scan",
                order=20,
            )
        )
        navigation.register(
            navigation.NavItem(
                key="tickets",
                label=_("My tickets"),
                url_name="participants:ticket_list",
                permission="participants.access_tickets",
                icon="bi-ticket-perforated",
                order=30,
            )
        )

    @staticmethod
    def _register_attendance() -> None:
        """The organiser's "Presensi" tab and the event list's attendance figure."""
        from django.db.models import Count, IntegerField, OuterRef, Subquery
        from django.db.models.functions import Coalesce

        from bimtek import extensions
        from participants.models import CheckIn

        extensions.event_links.register(
            extensions.EventLink(
                key="attendance",
                label=_("Attendance"),
                url_name="participants:attendance",
                permission="participants.view_attendance",
                icon="bi-person-check",
                order=40,
            )
        )
        # People checked in at least once: a subquery, so it adds no join to
        # the other counters' and the list stays one query.
        present = (
            CheckIn.objects.filter(session__event=OuterRef("pk"))
            .order_by()
            .values("session__event")
            .annotate(people=Count("registration", distinct=True))
            .values("people")
        )
        extensions.event_counters.register(
            extensions.EventCounter(
                key="present_people",
                label=_("Attended"),
                annotate=lambda events: events.annotate(
                    present_people=Coalesce(Subquery(present, output_field=IntegerField()), 0)
                ),
                order=40,
            )
        )
