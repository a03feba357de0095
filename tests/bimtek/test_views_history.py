"""The History tab: every entry the code writes reads as a sentence in both
languages, runs of one action are grouped, the list filters by kind, and a
cloned event's history renders (it was a 500)."""

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from bimtek import extensions
from bimtek.services import audit_record
from bimtek.services.events import event_clone
from certificates.models import ExceptionDecision
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ["accounts", "bimtek", "participants", "checkin", "certificates", "archive"]
# Codes built at run time rather than written as one literal.
DYNAMIC = {f"certificate.exception_{decision}" for decision in ExceptionDecision.values}
CODE = re.compile(r"^[a-z]+\.[a-z_]+$")


def _codes_in(node) -> set[str]:
    is_action_argument = isinstance(node, ast.keyword) and node.arg == "action"
    is_action_variable = isinstance(node, ast.Assign) and any(
        isinstance(target, ast.Name) and target.id == "action" for target in node.targets
    )
    if not (is_action_argument or is_action_variable):
        return set()
    return {
        constant.value
        for constant in ast.walk(node.value)
        if isinstance(constant, ast.Constant)
        and isinstance(constant.value, str)
        and CODE.match(constant.value)
        and not constant.value.endswith("_")  # the start of an f-string
    }


def _written_action_codes() -> set[str]:
    """Every action code passed to audit_record (or held in a variable named
    ``action``) anywhere in the apps."""
    codes = set(DYNAMIC)
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                codes.update(_codes_in(node))
    return codes


def test_every_action_the_code_writes_has_a_sentence():
    codes = _written_action_codes()
    assert {"registration.approve", "certificate.issue", "checkin.undo"} <= codes

    missing = sorted(code for code in codes if extensions.audit_actions.get(code) is None)

    assert not missing, f"audit actions without a label: {missing}"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_action_label_is_a_sentence_not_a_code(language):
    with translation.override(language):
        labels = {
            a.key: extensions.audit_action_label(a.key) for a in extensions.audit_actions.all()
        }

    assert all(label != key and "." not in label for key, label in labels.items())
    if language == "id":
        assert labels["certificate.issue"] == "Sertifikat diterbitkan"


def _history(client, event, **params):
    url = reverse("organiser:history", kwargs={"code": event.code})
    return client.get(url, params)


def test_history_renders_an_entry_of_every_kind_in_each_shape(client, organiser, event):
    registration = factories.RegistrationFactory(event=event)
    shapes = [
        {"status": {"from": "draft", "to": "published"}},
        {"status": ["pending", "approved"]},
        {"checked_in_at": "2026-11-23T08:01:00+07:00", "reason": "salah orang"},
        {"sessions": 4, "door_staff": ["a@example.org"]},
        {},
    ]
    actions = extensions.audit_actions.all()
    for index, action in enumerate(actions):
        audit_record(
            actor=organiser,
            action=action.key,
            target=registration if index % 2 else event,
            event=event,
            summary=f"entry {index}",
            changes=shapes[index % len(shapes)],
        )
    client.force_login(organiser)

    response = _history(client, event)

    assert response.status_code == 200
    html = response.text
    # Consecutive entries of different actions: each shows with its own sentence.
    for action in actions:
        assert f'data-action="{action.key}"' in html
    assert "Sertifikat diterbitkan" in html
    assert "certificate.issue</strong>" not in html


def test_cloned_events_history_renders(client, organiser, event):
    factories.SessionFactory(event=event)
    clone = event_clone(
        actor=organiser,
        source=event,
        code="tahap-2",
        title="Bimtek Tahap II",
        start_date=event.start_date + dt.timedelta(days=30),
    )
    client.force_login(organiser)

    response = _history(client, clone)

    assert response.status_code == 200
    assert "Dibuat sebagai salinan" in response.text


def test_a_run_of_one_action_is_grouped_with_its_count(client, organiser, event):
    for number in range(1, 135):
        audit_record(
            actor=organiser,
            action="certificate.issue",
            target=event,
            event=event,
            summary=f"No. {number:03d}",
        )
    audit_record(actor=organiser, action="event.update", target=event, event=event)
    client.force_login(organiser)

    response = _history(client, event)

    html = response.text
    assert html.count('data-testid="history-entry"') == 2
    assert "× 134" in html
    assert "No. 001" in html and "No. 134" in html


def test_history_filters_by_kind(client, organiser, event):
    audit_record(actor=organiser, action="certificate.revoke", target=event, event=event)
    audit_record(actor=organiser, action="session.create", target=event, event=event)
    client.force_login(organiser)

    certificates_only = _history(client, event, kind="certificate").text
    unknown_kind = _history(client, event, kind="nonsense").text

    assert 'data-action="certificate.revoke"' in certificates_only
    assert 'data-action="session.create"' not in certificates_only
    assert '<option value="certificate" selected>' in certificates_only
    # An unknown kind shows everything rather than nothing.
    assert 'data-action="session.create"' in unknown_kind
    assert 'data-action="certificate.revoke"' in unknown_kind


def test_changed_fields_are_named_as_people_say_them(client, organiser, event):
    from certificates.services import certificate_settings_ensure, certificate_settings_update

    settings = certificate_settings_ensure(event=event)
    certificate_settings_update(
        actor=organiser,
        settings=settings,
        changes={"signatory_name": "Teguh Ahmad Syafari", "number_pattern": "{seq:03}/X/{year}"},
    )
    client.force_login(organiser)

    html = _history(client, event).text

    start = html.index('data-action="certificate.settings"')
    entry = html[start : html.index("</li>", start)]
    assert "signatory_name" not in entry and "number_pattern" not in entry
    assert "nama penanda tangan" in entry and "pola penomoran" in entry


def test_a_bulk_run_started_in_indonesian_reads_in_english(client, organiser, event):
    from certificates.services import certificate_job_start
    from certificates.tasks import run_certificate_job

    with translation.override("id"):
        certificate_job_start(actor=organiser, event=event, output="zip", task=run_certificate_job)
    client.force_login(organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = _history(client, event).text
    entry = html[html.index('data-action="certificate.bulk"') :][:1500]

    assert "Certificates issued in bulk" in entry
    assert "One PDF per person" in entry
    assert "Satu PDF per orang" not in entry


def test_a_clone_made_in_indonesian_reads_in_english(client, organiser, event):
    with translation.override("id"):
        clone = event_clone(
            actor=organiser,
            source=event,
            code="tahap-3",
            title="Bimtek Tahap III",
            start_date=event.start_date + dt.timedelta(days=14),
        )
    client.force_login(organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = _history(client, clone).text
    entry = html[html.index('data-action="event.clone"') :][:2500]

    assert "Disalin" not in entry and "hari kemudian" not in entry
    assert "Copied from:" in entry and event.code in entry
    assert "Days later:" in entry and ">14<" in entry
