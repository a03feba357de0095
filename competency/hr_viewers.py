"""Granting and revoking the HR viewer role (user × institution) from the
organiser pages, audited (docs/jp.md). Who may: competency.manage_hr_viewers."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bimtek.errors import DomainError
from bimtek.models import Institution
from bimtek.services.audit import audit_record
from competency.models import HrViewer


class HrViewerError(DomainError):
    """A refused grant of the HR viewer role."""


def hr_viewer_grant(*, actor, email: str, institution: Institution) -> HrViewer:
    """Give the existing account of ``email`` the HR view of ``institution``."""
    email = (email or "").strip()
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise HrViewerError(
            _("No active account has this e-mail address: the person signs up first."),
            code="unknown_account",
            field="email",
        )
    try:
        with transaction.atomic():
            viewer = HrViewer.objects.create(user=user, institution=institution, granted_by=actor)
    except IntegrityError:
        raise HrViewerError(
            _("%(email)s already sees the JP of %(institution)s.")
            % {"email": user.email, "institution": institution.name},
            code="already_granted",
            field="email",
        ) from None
    audit_record(
        actor=actor,
        action="competency.hr_viewer_grant",
        target=user,
        summary=f"{user.email} · {institution.name}",
        changes={"institution": institution.pk},
    )
    return viewer


@transaction.atomic
def hr_viewer_revoke(*, actor, viewer: HrViewer) -> None:
    user, institution = viewer.user, viewer.institution
    viewer.delete()
    audit_record(
        actor=actor,
        action="competency.hr_viewer_revoke",
        target=user,
        summary=f"{user.email} · {institution.name}",
        changes={"institution": institution.pk},
    )
