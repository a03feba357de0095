"""Artwork for the demo certificate, drawn here so no image is committed."""

import io

from PIL import Image, ImageDraw

GOLD = (176, 141, 58)
NAVY = (22, 52, 96)
CREAM = (252, 249, 240)


def certificate_background(width: int = 3508, height: int = 2480) -> bytes:
    """An A4 landscape background at 300 dpi: cream paper, a navy and gold
    double frame, corner ornaments and a faint guilloche band."""
    image = Image.new("RGB", (width, height), CREAM)
    draw = ImageDraw.Draw(image)
    for step in range(0, height, 6):  # soft vertical shading
        shade = int(6 * step / height)
        draw.line([(0, step), (width, step)], fill=(252 - shade, 249 - shade, 240 - shade * 2))
    margin = 110
    draw.rectangle([margin, margin, width - margin, height - margin], outline=NAVY, width=28)
    inner = margin + 60
    draw.rectangle([inner, inner, width - inner, height - inner], outline=GOLD, width=10)
    for x, y in [(inner, inner), (width - inner, inner), (inner, height - inner),
                 (width - inner, height - inner)]:  # fmt: skip
        for radius in (90, 60, 30):
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=GOLD, width=8)
    band_top = height - inner - 260
    for offset in range(0, width - 2 * inner, 24):  # guilloche-like band at the foot
        x = inner + offset
        draw.arc(
            [x - 120, band_top, x + 120, band_top + 220], 200, 340, fill=(230, 220, 190), width=3
        )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def emblem(size: int = 600) -> bytes:
    """A round emblem standing in for the city's logo (transparent PNG)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([8, 8, size - 8, size - 8], fill=(*NAVY, 255), outline=(*GOLD, 255), width=24)
    draw.ellipse([90, 90, size - 90, size - 90], outline=(*GOLD, 255), width=12)
    points = [(size / 2, 150), (size - 170, size - 170), (170, size - 170)]
    draw.polygon(points, fill=(*GOLD, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
