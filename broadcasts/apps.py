from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastsConfig(AppConfig):
    name = "broadcasts"
    verbose_name = _("Messages to registrants")

    def ready(self) -> None:
        from broadcasts import integrations, permissions  # noqa: F401

        integrations.register()
