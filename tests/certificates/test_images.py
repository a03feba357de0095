import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from certificates import images


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
        (b"%PDF-1.4 not an image", "invalid"),
        (b"", "invalid"),
        (encoded("GIF"), "format"),
        (encoded("BMP"), "format"),
        (encoded("PNG", size=(8, 8)), "too_small"),
        (encoded("PNG")[:60], "invalid"),  # truncated
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
