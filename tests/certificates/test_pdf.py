"""The certificate PDF: text, QR, names that break naive renderers, merged output."""

import io
import zipfile

import pypdf
import pytest
from PIL import Image

from certificates import rendering, services
from certificates.pdf import (
    CertificateRenderer,
    Design,
    ImageAsset,
    Printed,
    Signatory,
    fit_name,
    register_fonts,
)
from tests import factories
from tests.certificates.pdfcheck import missing_font_tags, page_count, pdf_text, qr_texts

pytestmark = pytest.mark.django_db


def printed(name="Budi Santoso", **overrides) -> Printed:
    values = {
        "title": "SERTIFIKAT",
        "number": "001/SERT/BIMTEK-SC/VII/2019",
        "intro": "diberikan kepada:",
        "name": name,
        "subline": "Dinas Komunikasi dan Informatika",
        "body": "Atas partisipasinya sebagai Peserta pada Bimtek Smart City.",
        "place_date": "Tanjungpinang, 9 Juli 2019",
        "signatory": Signatory(name="Teguh", position="Kepala Dinas", nip="1" * 18),
        "code": "ABCD-EFGH-IJKL-MNOP-QRST",
        "verify_url": "http://testserver/v/ABCDEFGHIJKLMNOPQRST/",
    }
    values.update(overrides)
    return Printed(**values)


def jpeg_asset(name="background", size=(842, 595)) -> ImageAsset:
    buffer = io.BytesIO()
    Image.new("RGB", size, (240, 220, 180)).save(buffer, "JPEG")
    return ImageAsset.from_bytes(name, buffer.getvalue())


@pytest.fixture
def issued(cert_event, organiser):
    registration = factories.RegistrationFactory(
        event=cert_event, participant__full_name="Raja Nurhayati"
    )
    factories.attend(registration, cert_event.countable)
    return services.certificate_issue(actor=organiser, registration=registration)


def test_certificate_pdf_holds_name_number_and_code(cert_event, issued):
    data = rendering.certificate_pdf(issued, settings=cert_event.cert_settings)

    text = pdf_text(data)
    assert "Raja Nurhayati" in text
    assert issued.number in text
    assert issued.grouped_code in text
    assert page_count(data) == 1


def test_certificate_qr_decodes_to_the_verification_url(cert_event, issued):
    data = rendering.certificate_pdf(issued, settings=cert_event.cert_settings)

    assert qr_texts(data) == [f"http://testserver/v/{issued.code}/"]


def test_qr_still_decodes_over_a_background_image():
    renderer = CertificateRenderer(Design(background=jpeg_asset()))

    data = renderer.render(printed())

    assert qr_texts(data) == ["http://testserver/v/ABCDEFGHIJKLMNOPQRST/"]


@pytest.mark.parametrize(
    "name",
    [
        "Siti <b>Aisyah</b> & Co",
        "Tengku <font color=red>Said</font>",
        "Nguyễn Thị Minh Khai",
        "Ğülşen Øre Łukasz Żółć",
        "Сергей Иванов",
        "Γιώργος Παπαδόπουλος",
    ],
)
def test_names_are_printed_literally(name):
    data = CertificateRenderer(Design()).render(printed(name=name))

    assert name in pdf_text(data)


def test_very_long_name_shrinks_then_wraps_within_the_page():
    name = " ".join(["Raja Muhammad Tengku Abdurrahman Syahputra"] * 3) + ", S.Kom., M.T."

    size, lines = fit_name(name, font="BimtekSerif-Bold", max_size=28, min_size=16, max_width=700)
    data = CertificateRenderer(Design()).render(printed(name=name))

    assert size == 16 and len(lines) > 1
    text = " ".join(pdf_text(data).split())
    assert "Abdurrahman" in text and "S.Kom., M.T." in text


def test_short_name_keeps_the_large_size():
    register_fonts()  # not left to whichever test ran first in this process

    size, lines = fit_name(
        "Budi Santoso", font="BimtekSerif-Bold", max_size=28, min_size=16, max_width=700
    )

    assert (size, lines) == (28, ["Budi Santoso"])


def test_unbreakable_long_word_is_cut_to_fit():
    register_fonts()

    _size, lines = fit_name(
        "X" * 200, font="BimtekSerif-Bold", max_size=28, min_size=16, max_width=300
    )

    assert len(lines) > 2 and "".join(lines) == "X" * 200


def test_merged_pdf_embeds_the_background_once():
    renderer = CertificateRenderer(Design(background=jpeg_asset()))
    out = io.BytesIO()

    pages = renderer.write_merged((printed(name=f"Peserta {i}") for i in range(5)), out)

    data = out.getvalue()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert pages == 5 and len(reader.pages) == 5
    references = {
        page["/Resources"]["/XObject"].raw_get("/FormXob.background").idnum for page in reader.pages
    }
    assert len(references) == 1  # every page points at the same image object
    assert data.count(b"/Subtype /Image") == 1  # …which the file holds once
    assert "Peserta 3" in reader.pages[3].extract_text()
    assert qr_texts(data, page=4) == ["http://testserver/v/ABCDEFGHIJKLMNOPQRST/"]


def test_merged_pdf_defines_every_font_its_pages_use():
    renderer = CertificateRenderer(Design(background=jpeg_asset()))
    out = io.BytesIO()

    renderer.write_merged((printed(name=f"Peserta {i}") for i in range(3)), out)

    data = out.getvalue()
    assert page_count(data) == 3
    assert missing_font_tags(data) == {}  # was {0: {"/F1"}, 1: {"/F1"}, 2: {"/F1"}}


def test_single_and_zipped_pdfs_define_every_font_their_pages_use():
    renderer = CertificateRenderer(Design(background=jpeg_asset()))
    out = io.BytesIO()
    renderer.write_zip([("1.pdf", printed())], out)

    with zipfile.ZipFile(out) as archive:
        zipped = archive.read("1.pdf")
    assert missing_font_tags(renderer.render(printed())) == {}
    assert missing_font_tags(zipped) == {}


def test_zip_holds_one_pdf_per_certificate():
    renderer = CertificateRenderer(Design(background=jpeg_asset()))
    out = io.BytesIO()

    count = renderer.write_zip(((f"{i}.pdf", printed(name=f"Peserta {i}")) for i in range(3)), out)

    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert count == 3 and names == ["0.pdf", "1.pdf", "2.pdf"]
        assert "Peserta 2" in pdf_text(archive.read("2.pdf"))


def test_png_logo_with_transparency_is_drawn():
    buffer = io.BytesIO()
    Image.new("RGBA", (80, 80), (255, 0, 0, 100)).save(buffer, "PNG")
    logo = ImageAsset.from_bytes("logo_left", buffer.getvalue())

    data = CertificateRenderer(Design(logos=[logo, None, None])).render(printed())

    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    xobject = page["/Resources"]["/XObject"]["/FormXob.logo_left"].get_object()
    assert xobject["/SMask"] is not None


def test_two_logos_with_the_same_transparency_both_draw():
    buffer = io.BytesIO()
    Image.new("RGBA", (80, 80), (0, 0, 255, 90)).save(buffer, "PNG")
    left = ImageAsset.from_bytes("logo_left", buffer.getvalue())
    right = ImageAsset.from_bytes("logo_right", buffer.getvalue())
    renderer = CertificateRenderer(Design(logos=[left, None, right]))

    single = renderer.render(printed())
    merged = io.BytesIO()
    renderer.write_merged([printed(), printed()], merged)

    for data in (single, merged.getvalue()):
        xobjects = pypdf.PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/XObject"]
        assert {"/FormXob.logo_left", "/FormXob.logo_right"} <= set(xobjects)


# --- the prepared design, kept per process -------------------------------------------


def test_design_is_prepared_once_until_the_settings_change(monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from certificates import rendering
    from certificates import services as certificate_services

    def png(colour: str) -> SimpleUploadedFile:
        buffer = io.BytesIO()
        Image.new("RGB", (60, 40), colour).save(buffer, "PNG")
        return SimpleUploadedFile("logo.png", buffer.getvalue())

    settings = factories.CertificateSettingsFactory()
    certificate_services.certificate_settings_update(
        actor=None, settings=settings, changes={}, uploads={"logo_left": png("red")}
    )
    prepared = []
    real_prepare = rendering._prepare_design
    monkeypatch.setattr(
        rendering,
        "_prepare_design",
        lambda settings, **kwargs: prepared.append(settings.pk) or real_prepare(settings, **kwargs),
    )

    first = rendering.design_for(settings)
    again = rendering.design_for(settings)
    certificate_services.certificate_settings_update(
        actor=None, settings=settings, changes={}, uploads={"logo_left": png("blue")}
    )
    changed = rendering.design_for(settings)
    preview = rendering.design_for(settings, uploaded={"logo_left": b""})

    assert again is first
    assert changed is not first and changed.logos[0] is not None
    assert preview.logos[0] is None  # an unsaved preview is never taken from the cache
    assert len(prepared) == 3


@pytest.mark.parametrize(
    "data",
    [
        "http://testserver/v/ABCDEFGHIJKLMNOPQRST/",
        "https://bimtek.tanjungpinangkota.go.id/v/ABCDEFGHIJKLMNOP0001/",
        "x",
        "12345678901234567890123456789012345678901234567890",
        "https://example.go.id/v/" + "AB12" * 60 + "/",  # a large version (several RS blocks)
    ],
)
def test_qr_matrix_is_the_symbol_qrcode_builds(data):
    """The certificate's own codeword encoder (faster) gives qrcode's symbol
    bit for bit: same version, data, error correction and mask."""
    import qrcode

    from certificates.pdf import QR_MASK, qr_matrix

    reference = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK
    )
    reference.add_data(data)
    reference.make(fit=True)
    assert qr_matrix(data) == reference.get_matrix()


def test_font_files_are_built_once_and_each_pdf_keeps_its_own_characters(monkeypatch):
    """Font subsets are built and compressed once per set of characters and
    reused by later PDFs (bimtek.pdf_fonts._Face); a name with other
    characters still gets a font file holding them."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    built = []
    make_subset = TTFontFile.makeSubset

    def counting(self, subset):
        built.append(tuple(subset))
        return make_subset(self, subset)

    monkeypatch.setattr(TTFontFile, "makeSubset", counting)
    renderer = CertificateRenderer(Design())
    names = ["Budi Santoso Q1", "Zoë Ñúñez Q1", "Budi Santoso Q1", "Zoë Ñúñez Q1"]
    documents = [renderer.render(printed(name)) for name in names]

    for name, data in zip(names, documents, strict=True):
        assert name in pdf_text(data)
        assert not missing_font_tags(data)
    first_two = len(built)
    assert first_two > 0
    renderer.render(printed("Budi Santoso Q1"))
    assert len(built) == first_two  # nothing new to build for a repeated text


def test_reused_font_objects_give_the_bytes_reportlab_writes(monkeypatch):
    """The font files and /Widths kept between documents (bimtek.pdf_fonts)
    write exactly what reportlab's own code writes, for Latin and CJK names."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFontFace

    from bimtek import pdf_fonts

    monkeypatch.setattr(rl_config, "invariant", 1)
    renderer = CertificateRenderer(Design())
    names = ["Zoë Ñúñez 王小明", "Budi Santoso", "Zoë Ñúñez 王小明"]
    reused = [renderer.render(printed(name)) for name in names]

    monkeypatch.setattr(pdf_fonts, "_formatted_widths", lambda w: pdfdoc.PDFArray(list(w)))
    monkeypatch.setattr(pdf_fonts._Face, "addSubsetObjects", TTFontFace.addSubsetObjects)
    assert [renderer.render(printed(name)) for name in names] == reused
