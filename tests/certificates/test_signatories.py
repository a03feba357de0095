"""Two signatories on a certificate (issue 18): printed side by side, NIP and
pangkat hidden for an acting official, frozen at issue, and the electronic
signature's stamp under the signatory who signs."""

import io
import subprocess

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from certificates import rendering, services
from certificates.models import ElectronicSignatory
from certificates.pdf import signatory_blocks
from tests import factories
from tests.certificates.signing_keys import authority, local_signing  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SECOND = {
    "signatory2_name": "Rahmat Hidayat",
    "signatory2_title_front": "Drs.",
    "signatory2_title_back": "M.Si.",
    "signatory2_print_titles": True,
    "signatory2_position": "Kepala Badan Kepegawaian Daerah",
    "signatory2_acting": "Plt.",
    "signatory2_pangkat": "Pembina, IV/a",
    "signatory2_nip": "197001011995031002",
}


def two_signatories(settings, **overrides):
    for name, value in {**SECOND, **overrides}.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings


def issue(event, organiser, name="Raja Nurhayati"):
    registration = factories.RegistrationFactory(event=event, participant__full_name=name)
    factories.attend(registration, event.countable)
    return services.certificate_issue(actor=organiser, registration=registration)


def pdftotext(data: bytes, *, layout: bool = False) -> str:
    command = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode()


def png(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 120), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_both_signatories_are_printed_side_by_side(cert_event, organiser, orientation):
    settings = cert_event.cert_settings
    settings.orientation = orientation
    two_signatories(settings)
    certificate = issue(cert_event, organiser)

    data = rendering.certificate_pdf(certificate, settings=settings)

    text = pdftotext(data)
    assert "Teguh Ahmad Syafari" in text
    assert "Rahmat Hidayat" in text
    assert "Plt. Kepala Badan" in text  # the position may wrap in its block
    # the first (definitive) keeps NIP and pangkat; the second (Plt.) prints neither
    assert "NIP. 196801011990031001" in text
    assert "197001011995031002" not in text
    assert "Pembina, IV/a" not in text
    # on the same line: the second to the left of the first
    [row] = [line for line in pdftotext(data, layout=True).splitlines() if "Rahmat" in line]
    assert row.index("Drs. Rahmat Hidayat, M.Si.") < row.index("Teguh Ahmad Syafari")


def test_acting_first_signatory_hides_its_nip_beside_a_definitive_second(cert_event, organiser):
    settings = cert_event.cert_settings
    settings.signatory_acting = "Plh."
    two_signatories(settings, signatory2_acting="")
    certificate = issue(cert_event, organiser)

    text = pdftotext(rendering.certificate_pdf(certificate, settings=settings))

    assert "196801011990031001" not in text
    assert "NIP. 197001011995031002" in text
    assert "Pembina, IV/a" in text


def test_one_signatory_prints_as_before(cert_event, organiser):
    certificate = issue(cert_event, organiser)

    assert "signatory2" not in certificate.snapshot
    text = pdftotext(rendering.certificate_pdf(certificate, settings=cert_event.cert_settings))
    assert "Teguh Ahmad Syafari" in text and "NIP. 196801011990031001" in text


def test_signatories_are_frozen_at_issue(cert_event, organiser):
    settings = two_signatories(cert_event.cert_settings)
    certificate = issue(cert_event, organiser)

    settings.signatory2_name = "Orang Lain"
    settings.signatory2_position = "Sekretaris Daerah"
    settings.save()
    certificate.refresh_from_db()

    assert certificate.snapshot["signatory2"] == {
        "name": "Drs. Rahmat Hidayat, M.Si.",
        "position": "Plt. Kepala Badan Kepegawaian Daerah",
        "pangkat": "",
        "nip": "",
    }
    text = pdftotext(rendering.certificate_pdf(certificate, settings=settings))
    assert "Rahmat Hidayat" in text and "Orang Lain" not in text


def test_both_signature_images_are_drawn(cert_event, organiser):
    settings = two_signatories(cert_event.cert_settings)
    services.certificate_settings_update(
        actor=organiser,
        settings=settings,
        changes={},
        uploads={
            "signature_image": SimpleUploadedFile("a.png", png((0, 0, 200, 255))),
            "signature_image_2": SimpleUploadedFile("b.png", png((200, 0, 0, 255))),
        },
        clear=set(),
    )
    certificate = issue(cert_event, organiser)

    data = rendering.certificate_pdf(certificate, settings=settings)

    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    names = {str(name) for name in page["/Resources"]["/XObject"]}
    assert len(names) == 2
    content = page.get_contents().get_data().decode("latin-1")
    assert all(f"{name} Do" in content for name in names)


def test_second_signatory_details_without_a_name_are_refused(cert_event):
    settings = cert_event.cert_settings
    settings.signatory2_position = "Kepala Badan"

    with pytest.raises(ValidationError) as raised:
        settings.full_clean()

    assert "signatory2_name" in raised.value.message_dict


def test_second_signatory_cannot_sign_electronically_when_there_is_none(cert_event):
    settings = cert_event.cert_settings
    settings.electronic_signatory = ElectronicSignatory.SECOND

    with pytest.raises(ValidationError) as raised:
        settings.full_clean()

    assert "electronic_signatory" in raised.value.message_dict


def stamp_rect(data: bytes) -> list[float]:
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    [rect] = [
        [float(v) for v in annotation.get_object()["/Rect"]]
        for annotation in page["/Annots"]
        if annotation.get_object().get("/FT") == "/Sig"
    ]
    return rect


@pytest.mark.parametrize("chosen", [1, 2])
def test_the_stamp_is_under_the_signatory_who_signs(
    local_signing,  # noqa: F811
    cert_event,
    organiser,
    chosen,
):
    from certificates.signing.validation import signatures_in

    two_signatories(cert_event.cert_settings, electronic_signatory=chosen)
    certificate = issue(cert_event, organiser)
    assert certificate.snapshot["electronic_signatory"] == chosen

    data = services.stored_pdf(services.certificate_sign(certificate=certificate))

    [report] = signatures_in(data)
    assert report.valid
    block = signatory_blocks(landscape=True, count=2)[chosen - 1]
    left, _bottom, right, _top = stamp_rect(data)
    assert left == pytest.approx(block.centre - block.width / 2, abs=1)
    assert right == pytest.approx(block.centre + block.width / 2, abs=1)
    text = pdftotext(data)
    assert "Teguh Ahmad Syafari" in text and "Rahmat Hidayat" in text


def test_verification_page_and_api_show_the_second_signatory(client, cert_event, organiser):
    from django.urls import reverse

    two_signatories(cert_event.cert_settings)
    certificate = issue(cert_event, organiser)

    page = client.get(reverse("certificates:verify", kwargs={"code": certificate.code}))
    data = client.get(reverse("api:certificate_verify", kwargs={"code": certificate.code})).json()

    text = page.content.decode()
    assert "Drs. Rahmat Hidayat, M.Si." in text
    assert "Plt. Kepala Badan Kepegawaian Daerah" in text
    assert "197001011995031002" not in text
    assert data["signatory2"] == {
        "name": "Drs. Rahmat Hidayat, M.Si.",
        "position": "Plt. Kepala Badan Kepegawaian Daerah",
        "pangkat": "",
        "nip": "",
    }
    assert data["signatory"]["name"] == "Teguh Ahmad Syafari"


def test_api_says_null_for_a_single_signatory(client, cert_event, organiser):
    from django.urls import reverse

    certificate = issue(cert_event, organiser)

    data = client.get(reverse("api:certificate_verify", kwargs={"code": certificate.code})).json()

    assert data["signatory2"] is None


@pytest.mark.parametrize("name", ["王小明", "عبد الله", "Đặng Thị Ngọc Hân"])
def test_second_signatory_in_any_script_is_printed_with_its_fonts(cert_event, organiser, name):
    from tests.certificates.pdfcheck import missing_font_tags

    two_signatories(cert_event.cert_settings, signatory2_name=name, signatory2_print_titles=False)
    certificate = issue(cert_event, organiser)

    data = rendering.certificate_pdf(certificate, settings=cert_event.cert_settings)

    assert missing_font_tags(data) == {}
    if name.isascii() or "Đ" in name:
        assert name in pdftotext(data)


def test_a_signatory_nip_is_checked_by_the_nip_rule_and_stored_without_spaces(cert_event):
    settings = cert_event.cert_settings
    settings.signatory_nip = "1970 0101 199503 1 002"
    settings.full_clean()
    assert settings.signatory_nip == "197001011995031002"

    settings.signatory_nip = "197001011995031000"  # the sequence cannot be 000
    with pytest.raises(ValidationError) as raised:
        settings.full_clean()
    assert "signatory_nip" in raised.value.message_dict
