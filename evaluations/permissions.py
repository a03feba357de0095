"""Who may do what with questionnaires. Asked through ``user.has_perm(name, obj)``."""

import rules

from bimtek.permissions import is_organiser_of_event
from participants.permissions import is_own_registration

# Build questionnaires, see results and export them (object: the event): the
# organisers of the event's team.
rules.add_perm("evaluations.manage_evaluations", is_organiser_of_event)
# Answer (object: the registration): its holder only; organisers see results.
rules.add_perm("evaluations.answer", is_own_registration)
