"""Who may see and change an event's accountability pack: the organisers of
the event's team (and administrators), nobody else: it holds the speakers'
NIK, NPWP and bank accounts."""

import rules

from bimtek.permissions import is_organiser_of_event

rules.add_perm("spj.manage_spj", is_organiser_of_event)
