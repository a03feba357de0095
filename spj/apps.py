from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpjConfig(AppConfig):
    name = "spj"
    verbose_name = _("Accountability documents (SPJ)")

    def ready(self) -> None:
        from spj import (
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )

        integrations.register()
