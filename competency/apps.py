from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencyConfig(AppConfig):
    """Each person's competency-development record: JP earned per year."""

    name = "competency"
    verbose_name = _("Competency development (JP)")

    def ready(self) -> None:
        from competency import (
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )

        integrations.register()
