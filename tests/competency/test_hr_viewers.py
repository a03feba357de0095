"""The organiser-facing page granting and revoking the HR viewer role:
administrators and organisers holding the permission; audited; bad input
answered on the form."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from bimtek.models.audit import AuditEntry
from competency.models import HrViewer
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("competency:hr_viewers")


@pytest.fixture
def administrator():
    return factories.UserFactory(is_superuser=True)


def permitted_organiser():
    user = factories.organiser_user()
    user.user_permissions.add(Permission.objects.get(codename="add_hrviewer"))
    return user


def test_administrator_grants_lists_and_revokes(client, administrator):
    person = factories.UserFactory(email="hr@bkpsdm.go.id")
    dinas = factories.InstitutionFactory(name="BKPSDM")
    client.force_login(administrator)

    response = client.post(URL, {"email": "HR@bkpsdm.go.id", "institution": dinas.pk})

    assert response.status_code == 302
    viewer = HrViewer.objects.get(user=person, institution=dinas)
    assert viewer.granted_by == administrator
    page = client.get(URL).content.decode()
    assert "hr@bkpsdm.go.id" in page and "BKPSDM" in page
    assert AuditEntry.objects.filter(action="competency.hr_viewer_grant").count() == 1

    response = client.post(reverse("competency:hr_viewer_revoke", args=[viewer.pk]))

    assert response.status_code == 302
    assert not HrViewer.objects.exists()
    assert AuditEntry.objects.filter(action="competency.hr_viewer_revoke").count() == 1


def test_organiser_with_the_permission_may_grant(client):
    person = factories.UserFactory()
    dinas = factories.InstitutionFactory()
    client.force_login(permitted_organiser())

    assert client.get(URL).status_code == 200
    client.post(URL, {"email": person.email, "institution": dinas.pk})

    assert HrViewer.objects.filter(user=person, institution=dinas).exists()


def test_unknown_email_and_double_grant_are_told_on_the_form(client, administrator):
    person = factories.UserFactory()
    dinas = factories.InstitutionFactory()
    HrViewer.objects.create(user=person, institution=dinas)
    client.force_login(administrator)

    unknown = client.post(URL, {"email": "nobody@example.org", "institution": dinas.pk})
    twice = client.post(URL, {"email": person.email, "institution": dinas.pk})

    assert unknown.status_code == 200 and unknown.context["form"].errors["email"]
    assert twice.status_code == 200 and twice.context["form"].errors["email"]
    assert HrViewer.objects.count() == 1
    assert not AuditEntry.objects.filter(action="competency.hr_viewer_grant").exists()


@pytest.mark.parametrize("role", ["participant", "door_staff", "organiser"])
def test_others_may_neither_see_grant_nor_revoke(client, user_for_role, role):
    viewer = HrViewer.objects.create(
        user=factories.UserFactory(), institution=factories.InstitutionFactory()
    )
    client.force_login(user_for_role(role))

    assert client.get(URL).status_code == 403
    grant = client.post(
        URL, {"email": viewer.user.email, "institution": factories.InstitutionFactory().pk}
    )
    revoke = client.post(reverse("competency:hr_viewer_revoke", args=[viewer.pk]))

    assert grant.status_code == 403 and revoke.status_code == 403
    assert HrViewer.objects.count() == 1


def test_an_hr_viewer_cannot_manage_the_role(client):
    viewer = HrViewer.objects.create(
        user=factories.UserFactory(), institution=factories.InstitutionFactory()
    )
    client.force_login(viewer.user)

    assert client.get(URL).status_code == 403
