"""Who may take an event's complete data away: the organisers of its team.
The archive holds every participant's personal data (names, NIP, e-mail,
phone), attendance and certificates, like the organisers' own exports."""

import rules

from bimtek.permissions import is_organiser_of_event

rules.add_perm("archive.export_event", is_organiser_of_event)
