"""Institutions typed in by participants: proposed unconfirmed, then confirmed
or merged into an existing one by an organiser. These live here rather than in
bimtek because a merge moves participants and invitations."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek.models import Institution, InstitutionCategory
from bimtek.services import audit_record, institution_get_or_create
from participants.errors import RegistrationError
from participants.models import Invitation, Participant


def institution_propose(*, name: str, category: InstitutionCategory, actor) -> Institution:
    """The institution a participant typed: an existing one with that name
    (ignoring case and spaces), or a new, unconfirmed one."""
    name = " ".join(name.split())
    if not name:
        raise RegistrationError(_("Type the institution's name."), code="no_institution")
    institution, created = institution_get_or_create(name=name, category=category, confirmed=False)
    if created:
        audit_record(
            actor=actor,
            action="institution.propose",
            target=institution,
            summary=institution.name,
        )
    return institution


@transaction.atomic
def institution_confirm(
    *, institution: Institution, actor, name: str | None = None, category=None
) -> Institution:
    """An organiser accepts a typed-in institution, possibly correcting its
    name or category."""
    changes = {}
    if name is not None and " ".join(name.split()) != institution.name:
        changes["name"] = [institution.name, " ".join(name.split())]
        institution.name = " ".join(name.split())
    if category is not None and category.pk != institution.category_id:
        changes["category"] = [str(institution.category), str(category)]
        institution.category = category
    institution.is_confirmed = True
    institution.full_clean()
    institution.save()
    audit_record(
        actor=actor,
        action="institution.confirm",
        target=institution,
        summary=institution.name,
        changes=changes,
    )
    return institution


@transaction.atomic
def institution_merge(*, source: Institution, target: Institution, actor) -> int:
    """Fold ``source`` (e.g. "Diskominfo Tg Pinang", typed by a participant)
    into ``target`` (the real one): its participants and invitations move,
    ``source`` is deleted. Returns how many participants moved."""
    if source.pk == target.pk:
        raise RegistrationError(
            _("Choose another institution to merge into."), code="merge_into_itself"
        )
    source = Institution.objects.select_for_update().get(pk=source.pk)
    clashing = Invitation.objects.filter(
        institution=source,
        event_id__in=Invitation.objects.filter(institution=target).values("event_id"),
    )
    if clashing.exists():
        raise RegistrationError(
            _(
                "Both institutions are invited to the same event (%(event)s); withdraw one "
                "invitation first."
            )
            % {"event": clashing.select_related("event").first().event.title},
            code="merge_invitation_clash",
        )
    moved_ids = list(Participant.objects.filter(institution=source).values_list("pk", flat=True))
    # updated_at: door rosters send the changed people again (docs/offline.md).
    Participant.objects.filter(pk__in=moved_ids).update(
        institution=target, updated_at=timezone.now()
    )
    Invitation.objects.filter(institution=source).update(institution=target)
    audit_record(
        actor=actor,
        action="institution.merge",
        target=target,
        summary=_("%(source)s merged into %(target)s")
        % {"source": source.name, "target": target.name},
        changes={"source": [source.pk, source.name], "participants": moved_ids},
    )
    source.delete()
    return len(moved_ids)
