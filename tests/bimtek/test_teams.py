"""Organiser teams: the predicate every organiser rule is built on, the lists
that keep to the user's teams, creating and cloning into a team, the admin,
and the migration into one default team."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.roles import Role
from bimtek import selectors, services
from bimtek.models import AuditEntry, Event, Team
from bimtek.models.events import EventStatus
from bimtek.models.teams import DEFAULT_TEAM_NAME
from bimtek.permissions import forget_team_ids
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    return factories.default_team(), factories.TeamFactory(name="Bappeda")


@pytest.fixture
def other_organiser(teams):
    return factories.organiser_user(teams=[teams[1]])


@pytest.mark.parametrize(
    ("perm", "target"),
    [
        ("bimtek.change_event", "event"),
        ("bimtek.view_audit", "event"),
        ("bimtek.change_session", "session"),
        ("participants.manage_registrations", "event"),
        ("participants.view_registration", "registration"),
        ("participants.change_participant", "participant"),
        ("checkin.view_attendance", "event"),
        ("checkin.work_door", "event"),
        ("checkin.supervise_door", "event"),
        ("certificates.manage_certificates", "event"),
        ("certificates.download_certificate", "registration"),
        ("archive.export_event", "event"),
    ],
)
def test_organiser_rules_hold_for_their_team_only(perm, target, teams, other_organiser):
    event = factories.EventFactory(team=teams[0])
    registration = factories.RegistrationFactory(event=event)
    objects = {
        "event": event,
        "session": factories.SessionFactory(event=event),
        "registration": registration,
        "participant": registration.participant,
    }
    own = factories.organiser_user(teams=[teams[0]])
    administrator = factories.UserFactory(roles=[Role.ADMINISTRATOR])
    superuser = factories.UserFactory(is_superuser=True)
    outsider = factories.participant_user()

    assert own.has_perm(perm, objects[target])
    assert administrator.has_perm(perm, objects[target])
    assert superuser.has_perm(perm, objects[target])
    assert not other_organiser.has_perm(perm, objects[target])
    assert not outsider.has_perm(perm, objects[target])


def test_an_organiser_in_no_team_manages_no_event(teams):
    event = factories.EventFactory(team=teams[0])
    loner = factories.organiser_user(teams=[])

    assert loner.has_perm("bimtek.access_dashboard")
    assert not loner.has_perm("bimtek.change_event", event)
    assert list(selectors.events_for_organiser(loner)) == []


def test_joining_a_team_opens_its_events(teams, other_organiser):
    event = factories.EventFactory(team=teams[0])
    assert not other_organiser.has_perm("bimtek.change_event", event)

    teams[0].members.add(other_organiser)
    forget_team_ids(other_organiser)

    assert other_organiser.has_perm("bimtek.change_event", event)


def test_a_draft_of_another_team_is_not_found_on_the_public_page(client, teams, other_organiser):
    draft = factories.EventFactory(team=teams[0], status=EventStatus.DRAFT)
    client.force_login(other_organiser)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_lists_and_counts_keep_to_the_users_teams(teams, other_organiser):
    ours = factories.EventFactory(team=teams[1], status=EventStatus.DRAFT)
    factories.EventFactory.create_batch(2, team=teams[0])
    administrator = factories.UserFactory(roles=[Role.ADMINISTRATOR])

    assert list(selectors.events_for_dashboard(user=other_organiser)) == [ours]
    counts = selectors.event_status_counts(user=other_organiser)
    assert counts[""] == 1 and counts[EventStatus.DRAFT] == 1
    assert selectors.events_for_dashboard(user=administrator).count() == 3
    assert selectors.event_status_counts(user=administrator)[""] == 3


def test_door_home_lists_the_teams_events_and_the_assigned_ones(teams, other_organiser):
    from checkin.selectors.door import door_events_for

    ours = factories.EventFactory(team=teams[1])
    assigned = factories.EventFactory(team=teams[0])
    factories.EventFactory(team=teams[0])
    factories.EventStaffFactory(event=assigned, user=other_organiser)

    assert {e.pk for e in door_events_for(other_organiser)} == {ours.pk, assigned.pk}


def test_dashboard_shows_only_the_teams_events(client, teams, other_organiser):
    ours = factories.EventFactory(team=teams[1], title="Bimtek Bappeda")
    theirs = factories.EventFactory(team=teams[0], title="Bimtek Diskominfo")
    client.force_login(other_organiser)

    response = client.get(reverse("organiser:event_list"))

    assert ours.title in response.text
    assert theirs.title not in response.text


def _create_data(**overrides) -> dict:
    data = {
        "title": "Bimtek Perencanaan",
        "code": "bimtek-perencanaan",
        "organiser_unit": "Bappeda",
        "venue": "Aula",
        "city": "Tanjungpinang",
        "timezone": "Asia/Jakarta",
        "start_date": "2099-03-02",
        "end_date": "2099-03-03",
        "registration_mode": "open",
        "approval_mode": "auto",
        "minutes_per_jp": 45,
        "checkin_opens_minutes": 30,
    }
    data.update(overrides)
    return data


def test_a_new_event_belongs_to_the_organisers_only_team(client, teams, other_organiser):
    client.force_login(other_organiser)

    # Even a posted team of someone else's is ignored: there is nothing to choose.
    client.post(reverse("organiser:event_create"), _create_data(team=teams[0].pk))

    assert Event.objects.get(code="bimtek-perencanaan").team == teams[1]


def test_an_organiser_of_two_teams_chooses_one_of_them(client, teams):
    third = factories.TeamFactory(name="Dinas Pendidikan")
    both = factories.organiser_user(teams=[teams[1], third])
    client.force_login(both)

    refused = client.post(reverse("organiser:event_create"), _create_data(team=teams[0].pk))
    client.post(reverse("organiser:event_create"), _create_data(team=third.pk))

    assert refused.status_code == 200 and "team" in refused.context["form"].errors
    assert Event.objects.get(code="bimtek-perencanaan").team == third


def test_an_organiser_in_no_team_is_told_to_ask_for_one(client):
    loner = factories.organiser_user(teams=[])
    client.force_login(loner)

    response = client.post(reverse("organiser:event_create"), _create_data())

    assert "team" in response.context["form"].errors
    assert not Event.objects.filter(code="bimtek-perencanaan").exists()


def test_a_clone_stays_with_the_sources_team(teams):
    source = factories.EventFactory(team=teams[1])

    clone = services.event_clone(
        actor=None,
        source=source,
        code="bimtek-tahap-2",
        title="Tahap II",
        start_date=source.start_date,
        copy_staff=False,
    )

    assert clone.team == teams[1]


def test_giving_an_event_to_another_team_is_audited(teams):
    event = factories.EventFactory(team=teams[0])

    services.event_team_change(actor=None, event=event, team=teams[1])

    event.refresh_from_db()
    assert event.team == teams[1]
    entry = AuditEntry.objects.get(event=event, action="event.team_change")
    assert entry.changes == {"team": {"from": DEFAULT_TEAM_NAME, "to": "Bappeda"}}


def test_admin_lists_and_edits_teams(admin_client, teams):
    member = factories.organiser_user(teams=[])

    listing = admin_client.get(reverse("admin:bimtek_team_changelist"))
    admin_client.post(
        reverse("admin:bimtek_team_change", args=[teams[1].pk]),
        {"name": "Bappeda", "members": [member.pk]},
    )

    assert listing.status_code == 200 and "Bappeda" in listing.text
    assert list(teams[1].members.all()) == [member]
    assert AuditEntry.objects.filter(action="team.members").exists()


def test_an_organiser_may_not_open_the_team_admin(client, teams):
    organiser = factories.organiser_user(is_staff=True)
    client.force_login(organiser)

    response = client.get(reverse("admin:bimtek_team_changelist"))

    assert response.status_code in (302, 403)


@pytest.mark.django_db(transaction=True)
def test_migration_puts_every_event_and_organiser_in_one_default_team():
    before = [("bimtek", "0004_teams")]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    group = old.get_model("auth", "Group").objects.get_or_create(name=Role.ORGANISER.value)[0]
    user = old.get_model("accounts", "User")
    organiser = user.objects.create(email="panitia.lama@example.org")
    organiser.groups.add(group)
    participant = user.objects.create(email="peserta.lama@example.org")
    old.get_model("bimtek", "Team").objects.all().delete()
    old_event = old.get_model("bimtek", "Event").objects.create(
        title="Bimtek Lama",
        code="bimtek-lama",
        organiser_unit="Diskominfo",
        venue="Aula",
        city="Tanjungpinang",
        start_date="2020-01-01",
        end_date="2020-01-01",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    team = Team.objects.get()
    assert team.name == DEFAULT_TEAM_NAME
    assert Event.objects.get(pk=old_event.pk).team == team
    assert list(team.members.values_list("email", flat=True)) == [organiser.email]
    assert not team.members.filter(pk=participant.pk).exists()
