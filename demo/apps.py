from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (seed_demo). Like the root URLconf, it knows every app."""

    name = "demo"
    verbose_name = _("Demo data")
