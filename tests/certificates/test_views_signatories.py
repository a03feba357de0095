"""The design form's second signatory (issue 18), in Indonesian (the default)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.certificates.pdfcheck import pdf_text
from tests.certificates.test_views_organiser import settings_data, url

pytestmark = pytest.mark.django_db

SECOND = {
    "signatory2_name": "Rahmat Hidayat",
    "signatory2_position": "Kepala Badan Kepegawaian Daerah",
    "signatory2_acting": "Plt.",
    "signatory2_nip": "197001011995031002",
}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 120), (0, 0, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_organiser_saves_a_second_signatory_with_its_signature(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        url("settings", cert_event),
        {
            **settings_data(cert_event, **SECOND, electronic_signatory="2"),
            "signature_image_2": SimpleUploadedFile("ttd.png", png(), content_type="image/png"),
        },
    )

    assert response.status_code == 302
    settings = cert_event.cert_settings
    settings.refresh_from_db()
    assert settings.signatory2_name == "Rahmat Hidayat"
    assert settings.electronic_signatory == 2
    assert settings.signature_image_2.name.endswith(".png")
    page = client.get(url("settings", cert_event)).content.decode()
    assert "Penanda tangan kedua (opsional)" in page
    assert url("settings_image", cert_event, field="signature_image_2") in page
    image = client.get(url("settings_image", cert_event, field="signature_image_2"))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    image.close()


def test_second_signatory_without_a_name_is_refused_in_indonesian(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        url("settings", cert_event),
        settings_data(cert_event, signatory2_position="Kepala Badan", signatory2_nip="12345"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["signatory2_name"] == [
        "Isi nama penanda tangan kedua, atau kosongkan semua isian penanda tangan kedua."
    ]
    assert errors["signatory2_nip"] == [
        "NIP terdiri atas tepat 18 digit (boleh memakai spasi); yang ini 5 digit."
    ]
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.signatory2_position == ""


def test_a_signature_image_alone_does_not_make_a_second_signatory(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        url("settings", cert_event),
        {
            **settings_data(cert_event),
            "signature_image_2": SimpleUploadedFile("ttd.png", png(), content_type="image/png"),
        },
    )

    assert response.status_code == 200
    assert "Isi nama penanda tangan kedua" in response.content.decode()
    cert_event.cert_settings.refresh_from_db()
    assert not cert_event.cert_settings.signature_image_2


def test_the_missing_second_signatory_cannot_sign_electronically(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        url("settings", cert_event), settings_data(cert_event, electronic_signatory="2")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["electronic_signatory"] == [
        "Tidak ada penanda tangan kedua yang dapat menandatangani secara elektronik."
    ]


def test_a_bad_second_signature_image_is_refused(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        url("settings", cert_event),
        {
            **settings_data(cert_event, **SECOND),
            "signature_image_2": SimpleUploadedFile("ttd.png", b"<svg></svg>"),
        },
    )

    assert response.status_code == 200
    assert "signature_image_2" in response.context["form"].errors
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.signatory2_name == ""


def test_preview_shows_both_signatories_before_saving(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(url("preview", cert_event), settings_data(cert_event, **SECOND))

    text = pdf_text(response.content)
    assert "Rahmat Hidayat" in text and "Teguh Ahmad Syafari" in text
    assert "197001011995031002" not in text  # Plt.: no NIP
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.signatory2_name == ""


def test_the_second_signatory_is_removed_with_its_image(client, organiser, cert_event):
    client.force_login(organiser)
    client.post(
        url("settings", cert_event),
        {
            **settings_data(cert_event, **SECOND),
            "signature_image_2": SimpleUploadedFile("ttd.png", png(), content_type="image/png"),
        },
    )
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.signature_image_2

    empty = dict.fromkeys(SECOND, "")
    response = client.post(
        url("settings", cert_event),
        settings_data(cert_event, **empty, clear_signature_image_2="on"),
    )

    assert response.status_code == 302
    settings = cert_event.cert_settings
    settings.refresh_from_db()
    assert settings.signatory2_name == "" and not settings.signature_image_2
