"""Documentation photos: validated, re-encoded without camera data, at most
twelve, printed in the laporan kegiatan (PDF and Word)."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from spj import services
from spj.documents import pack
from spj.errors import SpjError
from spj.models import MAX_PHOTOS, Photo

pytestmark = pytest.mark.django_db


def jpeg(name: str = "foto.jpg", *, exif: bool = False, red: int = 40) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), (red, 120, 200))
    buffer = io.BytesIO()
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x0110] = "Phone Model X"  # Model
        extra["exif"] = data.tobytes()
    image.save(buffer, "JPEG", **extra)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_photo_is_stored_without_its_camera_data(spj_event, organiser):
    photo = services.photo_add(
        event=spj_event["event"], upload=jpeg(exif=True), caption="Pembukaan", actor=organiser
    )

    stored = Image.open(io.BytesIO(bytes(Photo.objects.get(pk=photo.pk).content)))
    assert stored.format == "JPEG"
    assert b"Phone Model X" not in bytes(photo.content)


def test_not_an_image_is_refused(spj_event, organiser):
    with pytest.raises(SpjError) as excinfo:
        services.photo_add(
            event=spj_event["event"],
            upload=SimpleUploadedFile("x.jpg", b"not an image"),
            caption="",
            actor=organiser,
        )
    assert excinfo.value.code == "photo_invalid"


def test_at_most_twelve_photos(spj_event, organiser):
    event = spj_event["event"]
    Photo.objects.bulk_create(
        [Photo(event=event, content=jpeg().read()) for _ in range(MAX_PHOTOS)]
    )

    with pytest.raises(SpjError) as excinfo:
        services.photo_add(event=event, upload=jpeg(), caption="", actor=organiser)
    assert excinfo.value.code == "too_many_photos"


def test_the_report_prints_the_photos_in_pdf_and_word(spj_event, organiser):
    event = spj_event["event"]
    for red, caption in enumerate(("Pembukaan", "Sesi materi", "Praktik")):
        services.photo_add(event=event, upload=jpeg(red=red * 80), caption=caption, actor=organiser)

    pdf = PdfReader(io.BytesIO(pack.document(event=event, kind="laporan_kegiatan", fmt="pdf")))
    word = docx.Document(
        io.BytesIO(pack.document(event=event, kind="laporan_kegiatan", fmt="docx"))
    )

    assert sum(len(page.images) for page in pdf.pages) == 3
    assert "Sesi materi" in pdf.pages[-1].extract_text()
    assert len(word.inline_shapes) == 3


def test_organiser_uploads_and_deletes_a_photo(client, spj_event, organiser):
    event = spj_event["event"]
    client.force_login(organiser)

    client.post(
        reverse("spj:photo_add", kwargs={"code": event.code}),
        {"image": jpeg(), "caption": "Pembukaan"},
    )
    photo = Photo.objects.get(event=event)
    image = client.get(reverse("spj:photo_image", kwargs={"code": event.code, "pk": photo.pk}))
    client.post(reverse("spj:photo_delete", kwargs={"code": event.code, "pk": photo.pk}))

    assert image["Content-Type"] == "image/jpeg"
    assert not Photo.objects.exists()
