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
