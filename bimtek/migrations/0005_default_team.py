"""Every existing event and every existing organiser into one default team,
so nothing changes for an install until an administrator adds teams."""

from django.db import migrations

DEFAULT_TEAM_NAME = "Diskominfo"  # bimtek.models.teams.DEFAULT_TEAM_NAME, frozen here
ORGANISER_GROUP = "Panitia"  # accounts.roles.Role.ORGANISER, frozen here


def forwards(apps, schema_editor):
    Team = apps.get_model("bimtek", "Team")
    Event = apps.get_model("bimtek", "Event")
    User = apps.get_model("accounts", "User")
    team, _created = Team.objects.get_or_create(name=DEFAULT_TEAM_NAME)
    Event.objects.filter(team__isnull=True).update(team=team)
    organisers = User.objects.filter(groups__name=ORGANISER_GROUP).distinct()
    team.members.add(*organisers)


class Migration(migrations.Migration):
    dependencies = [
        ("bimtek", "0004_teams"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
