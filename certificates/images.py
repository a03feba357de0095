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
# Decoded, an image costs 3–4 bytes a pixel whatever its file size, and
# Pillow's resampling of a transparent PNG holds a second, premultiplied copy:
# 16 MP keeps one upload near 130 MB at worst (a 40 MP one took ~330 MB).
# A JPEG is decoded at a reduced scale (``draft``). Checked from the header,
# before any pixel is decoded; Pillow itself refuses anything past twice it.
MAX_PIXELS = 16_000_000  # e.g. 4,900 × 3,265
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
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
# Codes are our own: Django's FileField replaces the message of a code it
# knows ("invalid" became "No file was submitted…").
_NOT_AN_IMAGE = _("This file is not a readable PNG or JPEG image.")


def _looks_like_svg(data: bytes) -> bool:
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and b"<svg" in head


def _open(upload, *, max_side: int = SMALL_IMAGE_MAX_SIDE) -> Image.Image:
    """The decoded image; a JPEG is decoded at the smallest scale (1/2, 1/4,
    1/8) that still gives ``max_side`` pixels, so its memory follows what is
    kept, not what was uploaded."""
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
    if _looks_like_svg(data):
        raise ValidationError(
            _("SVG drawings are not accepted: export the image as PNG or JPEG."), code="svg"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a PNG or JPEG image."), code="format")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(width, height)
            if min(width, height) < MIN_SIDE:
                raise ValidationError(_("The image is too small."), code="too_small")
            if image.format == "JPEG":
                scale = min(max_side / width, max_side / height, 1)
                image.draft(image.mode, (max(1, int(width * scale)), max(1, int(height * scale))))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own check, while reading the header: the size is not known here.
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(_NOT_AN_IMAGE, code="not_an_image") from None
    return image


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = MAX_PIXELS // 1_000_000
    if width is None:
        message = _(
            "The image has too many pixels; the limit is %(limit)s megapixels. "
            "Scale it down and upload it again."
        )
    else:
        message = _(
            "The image has too many pixels (%(width)s × %(height)s); the limit is "
            "%(limit)s megapixels. Scale it down and upload it again."
        )
    return ValidationError(
        message,
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": limit},
    )


def validate_image_upload(upload) -> None:
    """Form-level check: raises ValidationError with a clear message."""
    _open(upload)


def normalise_image(upload, *, kind: str) -> ContentFile:
    """The validated image re-encoded for storage; ``kind`` is "background"
    or anything else (logo, signature). Memory: the decoded image and one
    more bitmap of its size at most (docs/security.md)."""
    max_side = BACKGROUND_MAX_SIDE if kind == "background" else SMALL_IMAGE_MAX_SIDE
    image = _open(upload, max_side=max_side)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if kind == "background":
        # Flattened on white first: resampling RGB needs no premultiplied copy.
        if has_alpha:
            rgba = image if image.mode == "RGBA" else image.convert("RGBA")
            image = Image.new("RGB", rgba.size, "white")
            image.paste(rgba, mask=rgba.getchannel("A"))
            del rgba
        elif image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((max_side, max_side))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True)
        return ContentFile(out.getvalue(), name="background.jpg")
    if image.mode not in ("RGB", "RGBA", "L"):  # palette, CMYK, 16-bit: resampled badly
        image = image.convert("RGBA" if has_alpha else "RGB")
    # Box-averaged down to about twice the final size first, so the
    # resampler's premultiplied copy is of a small image.
    factor = max(image.size) // (2 * max_side)
    if factor >= 2:
        image = image.reduce(factor)
    image.thumbnail((max_side, max_side))
    image = image.convert("RGBA" if has_alpha else "RGB")
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
