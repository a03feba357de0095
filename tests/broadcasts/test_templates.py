"""Saved message templates per event (issue 17): saved and checked in the
Messages tab, picked in compose, copied when the event is cloned."""

import datetime as dt

import pytest
from django.urls import reverse

from bimtek.models import AuditEntry
from bimtek.services import event_clone
from broadcasts import services
from broadcasts.errors import BroadcastError
from broadcasts.models import BroadcastChannel, MessageTemplate
from tests import factories

pytestmark = pytest.mark.django_db


def _save(event, actor, name="Info teknis", body="Yth. {nama}, bawa laptop.", **extra):
    return services.template_save(
        event=event,
        actor=actor,
        name=name,
        channel=extra.pop("channel", BroadcastChannel.EMAIL),
        subject=extra.pop("subject", "Info teknis {kegiatan}"),
        body=body,
        **extra,
    )


def test_a_template_is_saved_and_recorded_in_the_history(event, organiser):
    template = _save(event, organiser, name="  Info   teknis ")

    assert template.name == "Info teknis"
    assert AuditEntry.objects.filter(action="broadcast.template_create", event=event).exists()


def test_a_template_with_an_unknown_placeholder_is_refused(event, organiser):
    with pytest.raises(BroadcastError) as excinfo:
        _save(event, organiser, body="Halo {name}")
    assert excinfo.value.code == "unknown_placeholder"
    assert not MessageTemplate.objects.exists()


def test_two_templates_of_an_event_cannot_share_a_name(event, organiser):
    _save(event, organiser)
    with pytest.raises(BroadcastError) as excinfo:
        _save(event, organiser, body="Lain")
    assert excinfo.value.code == "duplicate_name"
    assert MessageTemplate.objects.filter(event=event).count() == 1
    # another event may use the same name
    _save(factories.EventFactory(team=event.team), organiser)


def test_clone_copies_the_templates(event, organiser):
    _save(event, organiser, name="Info teknis")
    _save(event, organiser, name="Pengingat", channel=BroadcastChannel.WA_LINK, body="Besok!")

    clone = event_clone(
        actor=organiser,
        source=event,
        code=f"{event.code}-ii",
        title=f"{event.title} Tahap II",
        start_date=event.start_date + dt.timedelta(days=28),
    )

    copies = {t.name: t for t in MessageTemplate.objects.filter(event=clone)}
    assert set(copies) == {"Info teknis", "Pengingat"}
    assert copies["Pengingat"].channel == BroadcastChannel.WA_LINK
    assert copies["Pengingat"].body == "Besok!"
    assert MessageTemplate.objects.filter(event=event).count() == 2  # the originals stay


def test_organiser_saves_a_template_in_the_messages_tab(client, event, organiser):
    client.force_login(organiser)
    url = reverse("broadcasts:template_create", kwargs={"code": event.code})

    response = client.post(
        url,
        {"name": "Info teknis", "channel": "email", "subject": "Info", "body": "Yth. {nama}"},
    )

    assert response.status_code == 302
    page = client.get(reverse("broadcasts:list", kwargs={"code": event.code}))
    assert "Info teknis" in page.text and 'data-testid="template-row"' in page.text


def test_a_bad_placeholder_is_shown_on_the_template_form(client, event, organiser):
    client.force_login(organiser)
    url = reverse("broadcasts:template_create", kwargs={"code": event.code})

    page = client.post(
        url, {"name": "Info", "channel": "email", "subject": "Info", "body": "Halo {name}"}
    )

    assert page.status_code == 200
    assert "{name}" in page.text and "{nama}" in page.text
    assert not MessageTemplate.objects.exists()


def test_compose_is_prefilled_from_the_chosen_template(client, event, organiser):
    template = _save(event, organiser, channel=BroadcastChannel.WA_LINK)
    client.force_login(organiser)

    page = client.get(
        reverse("broadcasts:compose", kwargs={"code": event.code}), {"template": template.pk}
    )

    assert page.status_code == 200
    form = page.context["form"]
    assert form["body"].value() == "Yth. {nama}, bawa laptop."
    assert form["subject"].value() == "Info teknis {kegiatan}"
    assert form["channel"].value() == BroadcastChannel.WA_LINK


def test_compose_ignores_another_events_template(client, event, organiser):
    other = factories.EventFactory(team=event.team)
    template = _save(other, organiser)
    client.force_login(organiser)

    page = client.get(
        reverse("broadcasts:compose", kwargs={"code": event.code}), {"template": template.pk}
    )

    assert page.context["form"]["body"].value() == ""


def test_template_edit_and_delete(client, event, organiser):
    template = _save(event, organiser)
    client.force_login(organiser)
    kwargs = {"code": event.code, "pk": template.pk}

    client.post(
        reverse("broadcasts:template_update", kwargs=kwargs),
        {"name": "Info teknis 2", "channel": "email", "subject": "S", "body": "B"},
    )
    template.refresh_from_db()
    assert (template.name, template.body) == ("Info teknis 2", "B")

    client.post(reverse("broadcasts:template_delete", kwargs=kwargs))
    assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize("role", ["participant", "other_team"])
def test_others_cannot_see_or_change_the_templates(client, event, organiser, user_for_role, role):
    template = _save(event, organiser)
    if role == "other_team":
        user = factories.organiser_user(teams=[factories.TeamFactory(name="Bappeda")])
    else:
        user = user_for_role(role)
    client.force_login(user)
    kwargs = {"code": event.code, "pk": template.pk}

    assert client.get(reverse("broadcasts:template_update", kwargs=kwargs)).status_code in (
        403,
        404,
    )
    client.post(reverse("broadcasts:template_delete", kwargs=kwargs))
    assert MessageTemplate.objects.filter(pk=template.pk).exists()
