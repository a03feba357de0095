"""Cloning "Tahap II" from "Tahap I" keeps the certificate design: the same
texts and signatory, its own copies of the images, the signing date moved
with the event and downloads closed until the organiser opens them."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from bimtek.services import event_clone
from certificates import selectors, services
from certificates.models import CertificateSettings, EligibilityRule
from tests import factories
from tests.certificates.test_services import png_upload

pytestmark = pytest.mark.django_db


def _clone(source, actor, days=28):
    return event_clone(
        actor=actor,
        source=source,
        code=f"{source.code}-ii",
        title=f"{source.title} Tahap II",
        start_date=source.start_date + dt.timedelta(days=days),
    )


def test_clone_copies_the_certificate_design_with_its_own_images(cert_event, organiser):
    original = cert_event.cert_settings
    services.certificate_settings_update(
        actor=organiser,
        settings=original,
        changes={
            "title": "SERTIFIKAT <Tahap I>",
            "signing_date": cert_event.end_date,
            "downloads_open": True,
        },
        uploads={"logo_left": png_upload(), "background": png_upload("bg.png", (300, 212))},
    )

    clone = _clone(cert_event, organiser)

    copy = CertificateSettings.objects.get(event=clone)
    original.refresh_from_db()
    assert copy.title == "SERTIFIKAT <Tahap I>"
    assert copy.signatory_name == original.signatory_name
    assert copy.number_pattern == original.number_pattern
    assert copy.signing_date == cert_event.end_date + dt.timedelta(days=28)
    assert copy.downloads_open is False
    for name in ("logo_left", "background"):
        assert getattr(copy, name).name != getattr(original, name).name
        with (
            default_storage.open(getattr(copy, name).name, "rb") as a,
            default_storage.open(getattr(original, name).name, "rb") as b,
        ):
            assert a.read() == b.read()
    assert not copy.logo_right


def test_replacing_an_image_of_the_original_leaves_the_clone_intact(cert_event, organiser):
    original = cert_event.cert_settings
    services.certificate_settings_update(
        actor=organiser, settings=original, changes={}, uploads={"logo_left": png_upload()}
    )
    copy = CertificateSettings.objects.get(event=_clone(cert_event, organiser))

    services.certificate_settings_update(
        actor=organiser,
        settings=original,
        changes={},
        uploads={"logo_left": png_upload("new.png", (32, 32))},
    )

    assert default_storage.exists(copy.logo_left.name)


def test_clone_of_an_event_without_certificate_settings_has_none(organiser):
    source = factories.EventFactory()

    clone = _clone(source, organiser)

    assert clone.pk != source.pk and clone.code == f"{source.code}-ii"
    assert not CertificateSettings.objects.filter(event=clone).exists()
    # its certificates follow the defaults until an organiser saves a design
    assert (
        selectors.certificate_settings_for(clone).eligibility_rule == EligibilityRule.ALL_SESSIONS
    )


def test_the_clone_issues_its_own_numbers_from_one(cert_event, organiser):
    first = factories.RegistrationFactory(event=cert_event)
    factories.attend(first, cert_event.countable)
    services.certificate_issue(actor=organiser, registration=first)
    clone = _clone(cert_event, organiser)
    second = factories.RegistrationFactory(event=clone)
    factories.attend(second, clone.sessions.filter(counts_for_certificate=True))

    certificate = services.certificate_issue(actor=organiser, registration=second)

    assert certificate.sequence == 1
    assert certificate.event == clone
