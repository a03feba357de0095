"""What competency adds to lower apps' pages (registered in
CompetencyConfig.ready()): the "Riwayat kompetensi" entry of the navigation bar."""

from django.utils.translation import gettext_lazy as _

from accounts import navigation


def register() -> None:
    navigation.nav_items.register(
        navigation.NavItem(
            key="competency",
            label=_("Competency record"),
            url_name="competency:record",
            permission="competency.view_own_record",
            icon="bi-mortarboard",
            order=35,
        )
    )
