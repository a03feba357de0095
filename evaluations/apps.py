from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    """Pre-/post-tests, evaluation of the event and of each narasumber, results."""

    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from evaluations import (
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )

        integrations.register()
