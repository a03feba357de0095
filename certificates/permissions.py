"""Who may do what with certificates. Asked through ``user.has_perm(name, obj)``."""

import rules

from accounts.permissions import is_organiser
from participants.permissions import is_own_registration

# Organisers: settings, exceptions, issuing, revoking and bulk runs of an event.
rules.add_perm("certificates.manage_certificates", is_organiser)
# A certificate PDF: the registration's holder and organisers (object: the registration).
rules.add_perm("certificates.download_certificate", is_own_registration | is_organiser)
