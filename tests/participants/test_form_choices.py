"""The person form's selects read plain rows (participants.form_choices): the
same choices as the model choice fields printed, read only when drawn; the
profile to fill the form with comes in one query."""

import pytest
from allauth.account.models import EmailAddress
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bimtek.models import Institution, InstitutionCategory
from participants import selectors
from participants.forms import ProfileForm, SelfRegistrationForm
from tests import factories

pytestmark = pytest.mark.django_db


def model_institution_choices(extra=None):
    """What set_choices built from model instances before."""
    queryset = Institution.objects.filter(is_confirmed=True)
    if extra is not None:
        queryset = queryset | Institution.objects.filter(pk=extra.pk)
    groups = {}
    for institution in queryset.select_related("category").order_by(
        "category__sort_order", "category__name", "name"
    ):
        label = institution.name
        if institution.short_name and institution.short_name != institution.name:
            label = f"{institution.name} ({institution.short_name})"
        groups.setdefault(institution.category.display_name, []).append((institution.pk, label))
    return list(groups.items())


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_choices_are_the_model_choices(language):
    bank = factories.category("bank")
    InstitutionCategory.objects.filter(pk=bank.pk).update(name="Perbankan", name_en="Banks")
    factories.InstitutionFactory(name="Bank Riau Kepri", short_name="BRK", category=bank)
    factories.InstitutionFactory(name="Dinas A", short_name="Dinas A")
    hidden = factories.InstitutionFactory(name="Dinas Ketik Sendiri", is_confirmed=False)
    with translation.override(language):
        form = SelfRegistrationForm(current_institution=hidden)
        institution = list(form.fields["institution"].choices)
        category = list(form.fields["new_institution_category"].choices)
        expected_category = forms.ModelChoiceField(
            queryset=InstitutionCategory.objects.all(), empty_label=category[0][1]
        )
        expected_category.label_from_instance = lambda c: c.display_name
        expected = [(str(value), label) for value, label in expected_category.choices]
        own = model_institution_choices(extra=hidden)

    assert institution[1:] == own
    assert any(label == ("Banks" if language == "en" else "Perbankan") for label, _ in own)
    assert [(str(value), label) for value, label in category] == expected
    assert hidden.pk in {pk for _, group in institution[1:] for pk, _ in group}
    assert hidden.pk not in {
        pk
        for _, group in SelfRegistrationForm().fields["institution"].choices[1:]
        for pk, _ in group
    }


def test_the_choices_are_read_only_when_the_form_is_drawn():
    with CaptureQueriesContext(connection) as queries:
        form = ProfileForm(data={"full_name": "Budi"})
        form.is_valid()
    assert not [q for q in queries.captured_queries if "bimtek_institution" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        str(form["institution"]), str(form["new_institution_category"])
    assert len(queries.captured_queries) == 2


def test_the_form_is_filled_from_the_own_profile_before_an_unclaimed_one():
    user = factories.participant_user(email="budi@example.org")
    EmailAddress.objects.filter(user=user).update(verified=True)
    assert EmailAddress.objects.filter(user=user, email="budi@example.org").exists()
    unclaimed = factories.ParticipantFactory(email="budi@example.org")
    with CaptureQueriesContext(connection) as queries:
        assert selectors.participant_for_form(user) == unclaimed
    assert len(queries.captured_queries) == 1

    own = factories.ParticipantFactory(email="budi.kantor@example.org", user=user)
    assert selectors.participant_for_form(user) == own
    EmailAddress.objects.filter(user=user).update(verified=False)
    own.delete()
    assert selectors.participant_for_form(user) is None


def test_the_profile_page_reads_the_profile_once(client):
    from django.urls import reverse

    user = factories.participant_user()
    factories.ParticipantFactory(user=user, email=user.email)
    client.force_login(user)
    client.get(reverse("participants:profile"))  # the session, the user's first page
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("participants:profile"))
    assert page.status_code == 200
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "participants_participant"' in q["sql"]
    ]
    assert len(reads) == 1, reads
