"""The profile form, refused, says every problem at the top with a link to its
field (as the sign-up form does): on a phone the fields are far below."""

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory, participant_user

pytestmark = pytest.mark.django_db


def _person():
    user = participant_user()
    ParticipantFactory(user=user, email=user.email)
    return user


def test_a_refused_profile_lists_every_problem_at_the_top_with_links(client):
    client.force_login(_person())

    response = client.post(reverse("participants:profile"), {"full_name": "", "phone": ""})

    assert response.status_code == 200
    text = response.text
    start = text.rindex("<div", 0, text.index('data-testid="error-summary"'))
    summary = text[start : text.index("</div>", start)]
    assert start < text.index('name="full_name"')
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    for field in ("id_full_name", "id_phone"):
        assert f'href="#{field}"' in summary


def test_a_profile_page_shows_no_error_summary_before_a_submit(client):
    client.force_login(_person())

    page = client.get(reverse("participants:profile"))

    assert 'data-testid="error-summary"' not in page.text


def test_a_refused_profile_marks_only_the_refused_fields_never_a_green_tick(client):
    client.force_login(_person())

    response = client.post(
        reverse("participants:profile"), {"full_name": "", "phone": "", "position": "Analis"}
    )

    assert response.status_code == 200
    assert "is-invalid" in response.text
    # The position was typed right, but nothing was saved: no "valid" mark.
    assert "is-valid" not in response.text.replace("is-invalid", "")
