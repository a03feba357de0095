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
        from participants import (
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )

        integrations.register()
