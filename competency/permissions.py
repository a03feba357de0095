"""Who may see a competency-development record: only its own person."""

import rules

from accounts.permissions import is_participant

# The record lists one's own events, JP and certificates; nobody else's
# record is reachable (the view reads only the signed-in user's).
rules.add_perm("competency.view_own_record", is_participant)
