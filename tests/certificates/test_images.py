import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from certificates import images

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect/></svg>'


def upload(data: bytes, name="x.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def encoded(fmt: str, size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_png_and_jpeg_are_accepted(fmt):
    images.validate_image_upload(upload(encoded(fmt)))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4 not an image", "not_an_image"),
        (b"", "not_an_image"),
        (encoded("GIF"), "format"),
        (encoded("BMP"), "format"),
        (encoded("PNG", size=(8, 8)), "too_small"),
        (encoded("PNG")[:60], "not_an_image"),  # truncated
        (SVG, "svg"),
        (b"\xef\xbb\xbf<?xml version='1.0'?>\n" + SVG, "svg"),
        (b"<html><body>hello</body></html>", "not_an_image"),
    ],
)
def test_other_files_are_refused(data, code):
    with pytest.raises(ValidationError) as excinfo:
        images.validate_image_upload(upload(data))

    assert excinfo.value.code == code


def test_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 100)

    with pytest.raises(ValidationError) as excinfo:
        images.validate_image_upload(upload(encoded("PNG", size=(200, 200))))

    assert excinfo.value.code == "too_large"


def test_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)

    with pytest.raises(ValidationError) as excinfo:
        images.validate_image_upload(upload(encoded("PNG", size=(100, 100))))

    assert excinfo.value.code == "too_many_pixels"


def test_background_becomes_a_flattened_jpeg_and_logo_keeps_alpha():
    rgba = encoded("PNG", size=(5000, 3000), mode="RGBA")

    background = images.normalise_image(upload(rgba), kind="background")
    logo = images.normalise_image(upload(rgba), kind="logo_left")

    with Image.open(background) as image:
        assert image.format == "JPEG" and max(image.size) == images.BACKGROUND_MAX_SIDE
    with Image.open(logo) as image:
        assert image.format == "PNG" and image.mode == "RGBA"
        assert max(image.size) == images.SMALL_IMAGE_MAX_SIDE


def bomb() -> bytes:
    """A 20,000 × 20,000 PNG (400 megapixels) of a few kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")
    return buffer.getvalue()


def test_decompression_bomb_is_refused_before_decoding():
    data = bomb()
    assert len(data) < 100_000

    with pytest.raises(ValidationError) as excinfo:
        images.validate_image_upload(upload(data))

    assert excinfo.value.code == "too_many_pixels"


def test_pixel_limit_is_checked_from_the_header_before_any_pixel_is_decoded(monkeypatch):
    data = encoded("PNG", size=(100, 100))
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    loaded = []
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", lambda self: loaded.append(self))

    with pytest.raises(ValidationError):
        images.validate_image_upload(upload(data))

    assert loaded == []


def test_pillow_refuses_bombs_at_the_same_limit():
    assert Image.MAX_IMAGE_PIXELS == images.MAX_PIXELS


def test_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    data = encoded("JPEG", size=(4800, 3200))
    drafts = []
    original = Image.Image.draft

    def spy(self, mode, size):
        result = original(self, mode, size)
        drafts.append(self.size)
        return result

    monkeypatch.setattr(Image.Image, "draft", spy)
    monkeypatch.setattr("PIL.JpegImagePlugin.JpegImageFile.draft", spy)

    logo = images.normalise_image(upload(data, name="x.jpg"), kind="logo_left")

    assert drafts and max(drafts[-1]) <= 2 * images.SMALL_IMAGE_MAX_SIDE
    with Image.open(logo) as image:
        assert max(image.size) == images.SMALL_IMAGE_MAX_SIDE


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (SVG, "svg", "SVG"),
        (b"not an image at all", "not_an_image", "PNG"),
        ("bomb", "too_many_pixels", "megapixel"),
    ],
)
def test_settings_form_names_the_problem_not_djangos_no_file_message(data, code, words):
    from certificates.forms import CertificateSettingsForm

    data = bomb() if data == "bomb" else data
    form = CertificateSettingsForm(data={}, files={"logo_left": upload(data, name="logo.svg")})

    with translation.override("en"):
        form.is_valid()
        message = " ".join(form.errors["logo_left"])

    assert form.has_error("logo_left", code)
    assert words in message
    assert "No file was submitted" not in message
