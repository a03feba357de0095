"""A certificate per script, as the browser gets it: the verification page
shows the name of the record, the PDF the browser downloads prints that
same name (text and glyphs), and rendered to PNG — as a printer would — the
name is ink on paper, not blank and not boxes."""

import pypdfium2
import pytest
from django.urls import reverse
from PIL import Image, ImageChops

from certificates import services
from certificates.pdf import CertificateRenderer, Design
from tests import factories
from tests.certificates.test_pdf import printed
from tests.e2e.conftest import sign_in
from tests.pdfscripts import assert_no_notdef, assert_prints, needs_pdftotext

SCRIPTS = {
    "latin": "Nguyễn Thị Đặng Thu Hương",
    "arabic": "محمد عبد الله",
    "chinese": "陳淑芬",
    "japanese": "山田 たろう",
    "korean": "김민준",
    "mixed": "Budi 陳國華 محمد",
}


def _png(data: bytes) -> Image.Image:
    document = pypdfium2.PdfDocument(data)
    try:
        return document[0].render(scale=2).to_pil().convert("L")
    finally:
        document.close()


@needs_pdftotext
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("script", list(SCRIPTS))
def test_certificate_prints_the_verified_name(script, new_context, live_server, tmp_path):
    name = SCRIPTS[script]
    settings = factories.CertificateSettingsFactory()
    event = settings.event
    sessions = [factories.SessionFactory(event=event) for _ in range(2)]
    registration = factories.RegistrationFactory(event=event, participant__full_name=name)
    factories.attend(registration, sessions)
    organiser = factories.organiser_user()
    certificate = services.certificate_issue(actor=organiser, registration=registration)
    context = new_context()
    sign_in(context, organiser, live_server)
    page = context.new_page()

    page.goto(reverse("certificates:verify", kwargs={"code": certificate.code}))
    on_record = page.locator("dd.fw-semibold").first.inner_text().strip()
    response = context.request.get(
        live_server.url
        + reverse("certificates:pdf", kwargs={"code": event.code, "pk": certificate.pk})
    )

    assert on_record == name
    assert response.ok and response.headers["content-type"] == "application/pdf"
    data = response.body()
    assert_prints(data, on_record)
    assert_no_notdef(data)
    # The name as ink: the page minus the same page without the name.
    image = _png(data)
    without = _png(CertificateRenderer(Design()).render(printed(name="")))
    path = tmp_path / f"certificate-{script}.png"
    image.save(path)
    page.goto(path.as_uri())
    assert page.evaluate("document.images[0].naturalWidth") == image.width
    same_layout = _png(CertificateRenderer(Design()).render(printed(name=name)))
    ink = ImageChops.difference(same_layout, without).point(lambda v: 255 if v > 96 else 0)
    box = ink.getbbox()
    assert box is not None, "the name printed nothing"
    band = ink.crop(box)
    dark = sum(band.histogram()[255:])
    assert dark > 40 * len(name.replace(" ", "")), f"too little ink for {name!r}: {dark}"
