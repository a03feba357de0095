"""Certificates print names in every script whole, in each typeface (serif
bold for the name and the signatory, sans for the texts), alone and merged."""

import io

import pytest

from certificates import rendering, services
from certificates.pdf import CertificateRenderer, Design
from tests import factories
from tests.certificates.test_pdf import jpeg_asset, printed
from tests.pdfscripts import IDS, NAMES, assert_no_notdef, assert_prints, needs_pdftotext

pytestmark = needs_pdftotext


def _every_typeface(name: str):
    """The name as the participant (serif bold), in the subline and the body
    (sans) and as the signatory (serif bold, small)."""
    return printed(
        name=name,
        subline=name,
        body=f"Atas partisipasi {name} sebagai Peserta pada Bimtek Smart City.",
        signatory=factories_signatory(name),
    )


def factories_signatory(name: str):
    from certificates.pdf import Signatory

    return Signatory(name=name, position="Kepala Dinas", nip="1" * 18)


@pytest.mark.parametrize(("script", "name"), NAMES, ids=IDS)
def test_certificate_prints_the_name_in_every_typeface(script, name):
    data = CertificateRenderer(Design(background=jpeg_asset())).render(_every_typeface(name))

    assert_prints(data, name)
    assert_no_notdef(data)


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_merged_print_pdf_prints_every_script(landscape):
    renderer = CertificateRenderer(Design(landscape=landscape, background=jpeg_asset()))
    out = io.BytesIO()

    pages = renderer.write_merged((_every_typeface(name) for _script, name in NAMES), out)

    assert pages == len(NAMES)
    data = out.getvalue()
    for _script, name in NAMES:
        assert_prints(data, name)
    assert_no_notdef(data)


@pytest.mark.django_db
def test_issued_certificate_prints_the_name_of_the_record(cert_event, organiser):
    registration = factories.RegistrationFactory(
        event=cert_event, participant__full_name="陳淑芬 محمد", participant__title_back="S.Kom."
    )
    factories.attend(registration, cert_event.countable)
    certificate = services.certificate_issue(actor=organiser, registration=registration)

    data = rendering.certificate_pdf(certificate, settings=cert_event.cert_settings)

    assert_prints(data, registration.participant.display_name)
    assert_no_notdef(data)
