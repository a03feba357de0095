"""Organiser teams: moving an event to another team, and who is in a team."""

from django.db import transaction

from bimtek.models import Event, Team
from bimtek.services.audit import audit_record, field_changes


@transaction.atomic
def event_team_change(*, actor, event: Event, team: Team) -> Event:
    """Give ``event`` to ``team``: from now on that team's organisers manage it
    and its people's data, and the old team's no longer (an administrator's
    act: the Django admin)."""
    before = {"team": Event.objects.select_related("team").get(pk=event.pk).team}
    if before["team"].pk == team.pk:
        return event
    event.team = team
    event.save(update_fields=["team", "updated_at"])
    audit_record(
        actor=actor,
        action="event.team_change",
        target=event,
        event=event,
        summary=team.name,
        changes=field_changes(before, {"team": team}, ["team"]),
    )
    return event


@transaction.atomic
def team_members_set(*, actor, team: Team, members) -> Team:
    """``team``'s organisers become exactly ``members``."""
    team.members.set(members)
    audit_record(actor=actor, action="team.members", target=team, summary=team.name)
    return team
