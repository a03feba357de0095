from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, using, verbosity=0, **kwargs) -> None:
    # Permissions of every app must exist before groups can hold them, and
    # post_migrate reaches this handler before auth's own for later apps.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    from accounts.roles import sync_roles

    if sender.label != "accounts":
        return
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    role_permissions = {
        "Panitia": ["accounts.view_user"],
    }

    def ready(self) -> None:
        from accounts import (
            checks,  # noqa: F401  (registers the deployment checks)
            permissions,  # noqa: F401  (registers the rules)
        )

        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
