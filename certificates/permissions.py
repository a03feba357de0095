"""Who may do what with certificates. Asked through ``user.has_perm(name, obj)``."""

import rules

from bimtek.permissions import is_organiser_of_event
from participants.permissions import is_own_registration

# The organisers of the event's team: settings, exceptions, issuing, revoking
# and bulk runs of an event.
rules.add_perm("certificates.manage_certificates", is_organiser_of_event)
# A certificate PDF: the registration's holder and the organisers of its
# event's team (object: the registration).
rules.add_perm("certificates.download_certificate", is_own_registration | is_organiser_of_event)
