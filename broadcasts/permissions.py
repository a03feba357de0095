"""Who may send messages to an event's registrants."""

import rules

from bimtek.permissions import is_organiser_of_event

# The organisers of the event's team: compose, send, follow the deliveries.
rules.add_perm("broadcasts.send_messages", is_organiser_of_event)
