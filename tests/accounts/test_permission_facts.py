"""The permission facts of a request in one query (accounts/permission_facts.py):
the same answers as the reads they replace, one statement for every role
question of a request, and every change seen on the next page."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts import permission_facts
from accounts.models import User
from accounts.permissions import is_organiser, is_participant
from accounts.roles import Role, grant_role
from competency.models import HrViewer
from tests import factories

pytestmark = pytest.mark.django_db


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_the_facts_are_what_django_and_the_apps_read_themselves():
    user = factories.UserFactory(roles=[Role.ORGANISER, Role.PARTICIPANT])
    user.user_permissions.add(_permission("competency.add_hrviewer"))
    HrViewer.objects.create(user=user, institution=factories.InstitutionFactory())
    expected_groups = set(user.groups.values_list("name", flat=True))
    reference = _fresh(user)
    backend = ModelBackend()
    expected_user_perms = set(backend.get_user_permissions(reference))
    expected_group_perms = set(backend.get_group_permissions(reference))

    loaded = _fresh(user)
    permission_facts.load(loaded)

    assert loaded._group_names_cache == expected_groups == {"Panitia", "Peserta"}
    assert loaded._user_perm_cache == expected_user_perms == {"competency.add_hrviewer"}
    assert loaded._group_perm_cache == expected_group_perms
    assert "bimtek.view_event" in loaded._group_perm_cache
    assert loaded._perm_cache == expected_user_perms | expected_group_perms
    assert loaded._competency_is_hr_viewer is True

    nobody = factories.UserFactory()
    permission_facts.load(nobody)
    assert nobody._group_names_cache == set()
    assert nobody._perm_cache == set()
    assert nobody._competency_is_hr_viewer is False


def test_model_backend_reads_for_itself_for_superusers_and_inactive_users():
    superuser = factories.UserFactory(is_superuser=True)
    inactive = factories.UserFactory(roles=[Role.ORGANISER], is_active=False)
    for user in (superuser, inactive):
        permission_facts.load(user)
        assert not hasattr(user, "_perm_cache")
    assert superuser.has_perm("competency.add_hrviewer")
    assert ModelBackend().get_all_permissions(inactive) == set()
    assert inactive._group_names_cache == {"Panitia"}


def test_every_role_question_of_a_request_costs_one_query(django_assert_num_queries):
    """Before: the groups, the user's and its groups' model permissions
    (ModelBackend, asked when the rules say no) and the HR-viewer row: four."""
    user = _fresh(factories.participant_user())
    with django_assert_num_queries(1):
        assert user.has_perm("participants.access_tickets")
        assert is_participant(user)
        assert not is_organiser(user)
        assert not user.has_perm("competency.view_report")
        assert not user.has_perm("competency.manage_hr_viewers")
        assert not user.has_perm("competency.add_hrviewer")


def test_a_role_granted_during_the_request_is_seen_at_once():
    user = _fresh(factories.participant_user())
    assert not is_organiser(user)
    assert not user.has_perm("bimtek.view_event")
    grant_role(user, Role.ORGANISER)
    assert is_organiser(user)
    assert user.has_perm("bimtek.view_event")


def _nav(client) -> str:
    response = client.get(reverse("events:home"))
    assert response.status_code == 200
    return response.text


def test_door_staff_see_the_door_entry_from_the_next_page_until_removed(client):
    user = factories.participant_user()
    client.force_login(user)
    assert 'data-nav="door"' not in _nav(client)

    staff = factories.EventStaffFactory(user=user)
    assert 'data-nav="door"' in _nav(client)

    staff.delete()
    assert 'data-nav="door"' not in _nav(client)


def test_hr_viewers_see_the_report_entry_from_the_next_page_until_revoked(client):
    user = factories.participant_user()
    client.force_login(user)
    assert 'data-nav="competency_report"' not in _nav(client)

    viewer = HrViewer.objects.create(user=user, institution=factories.InstitutionFactory())
    assert 'data-nav="competency_report"' in _nav(client)

    viewer.delete()
    assert 'data-nav="competency_report"' not in _nav(client)


def test_group_membership_and_group_permissions_count_from_the_next_page(client):
    user = factories.UserFactory()
    client.force_login(user)
    assert 'data-nav="organiser"' not in _nav(client)

    grant_role(user, Role.ORGANISER)
    page = _nav(client)
    assert 'data-nav="organiser"' in page
    assert 'data-nav="competency_hr_viewers"' not in page

    # "Can add HR viewer" given to the organisers' group, then taken away.
    organisers = Group.objects.get(name=Role.ORGANISER.value)
    organisers.permissions.add(_permission("competency.add_hrviewer"))
    assert 'data-nav="competency_hr_viewers"' in _nav(client)
    organisers.permissions.remove(_permission("competency.add_hrviewer"))
    assert 'data-nav="competency_hr_viewers"' not in _nav(client)

    user.groups.clear()
    assert 'data-nav="organiser"' not in _nav(client)


def test_the_superuser_flag_counts_from_the_next_page(client):
    user = factories.UserFactory()
    client.force_login(user)
    assert 'data-nav="organiser"' not in _nav(client)
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert 'data-nav="organiser"' in _nav(client)
    User.objects.filter(pk=user.pk).update(is_superuser=False)
    assert 'data-nav="organiser"' not in _nav(client)
