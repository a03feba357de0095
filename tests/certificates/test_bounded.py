"""Bounded work on certificate texts: length limits on every free-text design
field, print time that does not grow with a hostile text, and a CPU budget per
page answered with a message (docs/security.md)."""

import time

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.db import models
from django.urls import reverse

from certificates import services, texts
from certificates.errors import CertificateError
from certificates.forms import CertificateSettingsForm
from certificates.models import CertificateSettings, JobStatus
from certificates.pdf import CertificateRenderer, Design
from tests import factories
from tests.certificates.pdfcheck import pdf_text
from tests.certificates.test_pdf import printed
from tests.certificates.test_views_organiser import settings_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def eligible(cert_event):
    registration = factories.RegistrationFactory(
        event=cert_event, participant__full_name="Wulan Lestari"
    )
    factories.attend(registration, cert_event.countable)
    return registration


def url(name, event, **kwargs):
    return reverse(f"certificates:{name}", kwargs={"code": event.code, **kwargs})


# --- length limits ----------------------------------------------------------------


def test_every_free_text_design_field_has_a_length_limit():
    form = CertificateSettingsForm()
    text_fields = [
        field.name
        for field in CertificateSettings._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name in form.fields
    ]

    assert "body_participant" in text_fields and "signatory_position" in text_fields
    for name in text_fields:
        assert form.fields[name].max_length, name
        assert f'maxlength="{form.fields[name].max_length}"' in str(form[name]), name


@pytest.mark.parametrize("field", list(CertificateSettings.BODY_FIELDS.values()))
def test_a_body_text_past_the_limit_is_refused_with_a_clear_message(
    client, organiser, cert_event, field
):
    client.force_login(organiser)

    response = client.post(
        url("settings", cert_event),
        settings_data(cert_event, **{field: "a" * (texts.BODY_MAX_LENGTH + 1)}),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors == [
        f"At most {texts.BODY_MAX_LENGTH} characters: the certificate prints only eight "
        f"lines of this text (this one has {texts.BODY_MAX_LENGTH + 1})."
    ]


def test_the_model_refuses_a_long_body_too(cert_event):
    settings = cert_event.cert_settings
    settings.body_participant = "a" * (texts.BODY_MAX_LENGTH + 1)

    with pytest.raises(Exception) as excinfo:
        settings.full_clean()

    assert "body_participant" in excinfo.value.message_dict


def test_a_body_at_the_limit_is_saved(client, organiser, cert_event):
    client.force_login(organiser)
    body = "{name} " * 142 + "Salam."
    assert len(body) == texts.BODY_MAX_LENGTH

    response = client.post(
        url("settings", cert_event), settings_data(cert_event, body_participant=body)
    )

    assert response.status_code == 302, response.context["form"].errors


# --- print time -------------------------------------------------------------------


@pytest.mark.parametrize("length", [4_000, 100_000])
@pytest.mark.parametrize("field", ["body", "subline", "name", "intro", "title"])
def test_a_long_unbroken_text_prints_in_bounded_time(length, field):
    """A body of 4,000 characters without a space took 2.4 s, 100,000 minutes."""
    renderer = CertificateRenderer(Design(), cpu_seconds=None)
    start = time.process_time()

    data = renderer.render(printed(**{field: "W" * length}))

    assert time.process_time() - start < 1.0
    assert data.startswith(b"%PDF")


def test_a_page_past_its_cpu_budget_fails_with_a_coded_error():
    renderer = CertificateRenderer(Design(), cpu_seconds=0)

    with pytest.raises(CertificateError) as excinfo:
        renderer.render(printed(number="007/SERT"))

    assert excinfo.value.code == "render_too_slow"
    assert "007/SERT" in excinfo.value.message


def test_the_budget_comes_from_the_settings(settings, cert_event):
    settings.CERTIFICATE_RENDER_CPU_SECONDS = 0.5
    from certificates import rendering

    assert rendering.renderer_for(cert_event.cert_settings).cpu_seconds == 0.5


@pytest.fixture
def too_slow(settings):
    settings.CERTIFICATE_RENDER_CPU_SECONDS = 0


def test_organiser_download_past_the_budget_answers_a_message(
    client, organiser, eligible, too_slow
):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    client.force_login(organiser)

    response = client.get(url("pdf", eligible.event, pk=certificate.pk))

    assert response.status_code == 302
    assert "takes too long to print" in " ".join(
        str(m) for m in get_messages(response.wsgi_request)
    )


def test_holder_download_past_the_budget_answers_a_message(client, organiser, eligible, too_slow):
    services.certificate_issue(actor=organiser, registration=eligible)
    user = factories.participant_user()
    eligible.participant.user = user
    eligible.participant.save()
    client.force_login(user)

    response = client.get(reverse("certificates:ticket", kwargs={"pk": eligible.pk}), follow=True)

    assert response.status_code == 200
    assert "takes too long to print" in response.content.decode()


def test_preview_past_the_budget_answers_a_message(client, organiser, cert_event, too_slow):
    client.force_login(organiser)

    response = client.get(url("preview", cert_event))

    assert response.status_code == 200
    assert "takes too long to print" in response.content.decode()


def test_bulk_run_past_the_budget_fails_with_the_message(
    client, organiser, eligible, too_slow, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("job_start", eligible.event), {"output": "zip"})

    job = eligible.event.certificate_jobs.get()
    assert job.status == JobStatus.FAILED
    assert "takes too long to print" in job.error


def test_a_normal_certificate_is_far_inside_the_budget(cert_event, eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    from certificates import rendering

    data = rendering.certificate_pdf(certificate, settings=cert_event.cert_settings)

    assert certificate.number in pdf_text(data)
