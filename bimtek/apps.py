from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_ORGANISER_MODELS = ["event", "session", "institution", "eventstaff"]


class BimtekConfig(AppConfig):
    """The events app: institutions, events, their agenda and door staff."""

    name = "bimtek"
    verbose_name = _("Events")
    role_permissions = {
        "Panitia": [
            f"bimtek.{action}_{model}"
            for model in _ORGANISER_MODELS
            for action in ("add", "change", "delete", "view")
        ]
        + ["bimtek.view_institutioncategory", "bimtek.view_auditentry"],
        "Petugas": ["bimtek.view_event", "bimtek.view_session"],
    }

    def ready(self) -> None:
        from accounts import navigation
        from bimtek import (
            extensions,
            permissions,  # noqa: F401  (registers the rules)
        )

        navigation.register(
            navigation.NavItem(
                key="organiser",
                label=_("Manage events"),
                url_name="organiser:event_list",
                permission="bimtek.access_dashboard",
                icon="bi-calendar3",
                order=10,
            )
        )
        extensions.event_links.register(
            extensions.EventLink(
                key="overview",
                label=_("Overview"),
                url_name="organiser:event_detail",
                permission="bimtek.change_event",
                icon="bi-speedometer2",
                order=10,
            )
        )
