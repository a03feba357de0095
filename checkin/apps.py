from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Check-in")

    def ready(self) -> None:
        from checkin import (
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )

        integrations.register()
