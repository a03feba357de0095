"""Uploaded certificate images: backgrounds, logos, signatures.

PNG or JPEG only, checked by decoding them with Pillow (the file name and
the browser's content type prove nothing), limited in bytes and in pixels
(a small file can decode into a huge bitmap), then re-encoded: the stored
file is one we wrote, without metadata, at a size that prints well and
renders fast — a background becomes a JPEG (embedded in PDFs as it is), logos
and signatures stay PNG to keep their transparency.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 7,000 × 5,700
MIN_SIDE = 16
ALLOWED_FORMATS = {"PNG", "JPEG"}
# The long side of A4 at ~210 dpi: sharp in print for a background, and small
# enough (a designed background ~200 KiB) that a ZIP of 10,000 PDFs, each
# embedding it, stays a few GB.
BACKGROUND_MAX_SIDE = 2480
SMALL_IMAGE_MAX_SIDE = 1200
# One PDF per person (the ZIP of a bulk run) embeds the background in every
# file: there it is printed at 150 dpi (the long side of A4) and compressed
# harder — a third to a half of the file, sharp enough on an office printer.
COMPACT_BACKGROUND_MAX_SIDE = 1754
COMPACT_BACKGROUND_QUALITY = 70


def _open(upload) -> Image.Image:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s MB). The limit is %(limit)s MB."),
            code="too_large",
            params={
                "size": f"{upload.size / 1024 / 1024:.1f}",
                "limit": MAX_UPLOAD_BYTES // 1024 // 1024,
            },
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a PNG or JPEG image."), code="format")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels (%(width)s × %(height)s)."),
                    code="too_many_pixels",
                    params={"width": width, "height": height},
                )
            if min(width, height) < MIN_SIDE:
                raise ValidationError(_("The image is too small."), code="too_small")
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ValidationError(
            _("This file is not a readable PNG or JPEG image."), code="invalid"
        ) from None
    return image


def validate_image_upload(upload) -> None:
    """Form-level check: raises ValidationError with a clear message."""
    _open(upload)


def normalise_image(upload, *, kind: str) -> ContentFile:
    """The validated image re-encoded for storage; ``kind`` is "background"
    or anything else (logo, signature)."""
    image = _open(upload)
    if kind == "background":
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((BACKGROUND_MAX_SIDE, BACKGROUND_MAX_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True)
        return ContentFile(out.getvalue(), name="background.jpg")
    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((SMALL_IMAGE_MAX_SIDE, SMALL_IMAGE_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return ContentFile(out.getvalue(), name=f"{kind}.png")


def compact_background(data: bytes) -> bytes:
    """A stored background (our JPEG) for PDFs sent one per person."""
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        image.thumbnail((COMPACT_BACKGROUND_MAX_SIDE, COMPACT_BACKGROUND_MAX_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=COMPACT_BACKGROUND_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
