from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpjConfig(AppConfig):
    name = "spj"
    verbose_name = _("Accountability documents (SPJ)")
