"""Who may see a competency-development record or report."""

import rules

from accounts import permission_facts
from accounts.permissions import is_administrator, is_organiser, is_participant

# Where the answer is kept on the user object for the rest of its request:
# read with the other permission facts (accounts.permission_facts).
HR_VIEWER_FACT = "_competency_is_hr_viewer"


@rules.predicate
def is_hr_viewer(user) -> bool:
    if not user.is_authenticated:
        return False
    # Asked by the navigation and the report's rule on the same request: one query.
    return permission_facts.fact(user, HR_VIEWER_FACT)


# The record lists one's own events, JP and certificates; nobody else's
# record is reachable (the view reads only the signed-in user's).
rules.add_perm("competency.view_own_record", is_participant)
# The institution report: what each sees is scoped by competency.report.certificate_scope
# (HR viewers: their institutions' ASN; organisers: their teams' events).
rules.add_perm("competency.view_report", is_administrator | is_organiser | is_hr_viewer)


@rules.predicate
def holds_hr_viewer_permission(user) -> bool:
    """The model permission "Can add HR viewer", given to an organiser by an
    administrator (Django admin, user or group permissions)."""
    return user.is_active and user.has_perm("competency.add_hrviewer")


# Granting and revoking the HR viewer role (user × institution) from the
# organiser pages: administrators, and organisers holding that permission.
rules.add_perm(
    "competency.manage_hr_viewers",
    is_administrator | (is_organiser & holds_hr_viewer_permission),
)
