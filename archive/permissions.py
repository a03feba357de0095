"""Who may take an event's complete data away: organisers. The archive holds
every participant's personal data (names, NIP, e-mail, phone), attendance
and certificates, like the organisers' own exports."""

import rules

from accounts.permissions import is_organiser

rules.add_perm("archive.export_event", is_organiser)
