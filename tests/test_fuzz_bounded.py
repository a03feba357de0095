"""Bounded work wherever a user controls size (docs/security.md): every free-text
certificate design field and every upload (certificate images, invitation
lists), fuzzed with hypothesis through the pages themselves. Each answer is
below 500 and costs bounded CPU time; the worst design the limits accept
prints in bounded time.

Derandomized and few examples per field, so the run is short and the same
on every run; the strategies lean on what hurt before: long words without a
space, placeholders that expand, scripts that need another font, control
characters, broken and hostile files.
"""

import io
import time
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from certificates import rendering, services, texts
from certificates.forms import IMAGE_LABELS, CertificateSettingsForm
from certificates.models import CertificateSettings
from tests import factories
from tests.certificates.test_views_organiser import settings_data
from tests.spreadsheets import person_row, xlsx_bytes

pytestmark = pytest.mark.django_db

# CPU seconds one request may take here. A normal one takes a few
# milliseconds; the former wrapping took minutes on 100,000 characters.
REQUEST_BUDGET = 2.0
FUZZ = settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)

DESIGN_TEXT_FIELDS = sorted(
    field.name
    for field in CertificateSettings._meta.get_fields()
    if isinstance(field, models.CharField | models.TextField)
    and not field.choices
    and field.name in CertificateSettingsForm.Meta.fields
    and field.name not in {"signatory_nip", "signatory2_nip", "number_pattern"}
)

hostile_text = st.one_of(
    st.integers(min_value=0, max_value=120_000).map(lambda n: "W" * n),
    st.integers(min_value=0, max_value=20_000).map(lambda n: "漢" * n),
    st.integers(min_value=0, max_value=20_000).map(lambda n: "بسم" * n),
    st.integers(min_value=0, max_value=2_000).map(lambda n: "{name}{institution}{event}" * n),
    st.text(min_size=0, max_size=3_000),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=500),
    st.sampled_from(["\x00", "<b>&amp;</b>", "{", "}}{{", "\u202e\u200f", "\r\n" * 500]),
)


@pytest.fixture
def organiser_client(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    organiser = factories.organiser_user()
    client.force_login(organiser)
    client.organiser = organiser
    return client


@pytest.fixture
def design(db):
    settings = factories.CertificateSettingsFactory()
    settings.event.cert_settings = settings  # what settings_data reads
    return settings


def _timed(call):
    start = time.process_time()
    response = call()
    return response, time.process_time() - start


@pytest.mark.parametrize("field", DESIGN_TEXT_FIELDS)
def test_every_design_field_answers_hostile_text_in_bounded_time(organiser_client, design, field):
    event = design.event
    settings_url = reverse("certificates:settings", kwargs={"code": event.code})
    preview_url = reverse("certificates:preview", kwargs={"code": event.code})

    @FUZZ
    @given(text=hostile_text)
    def run(text):
        data = settings_data(event, **{field: text})
        for url in (preview_url, settings_url):
            response, cpu = _timed(lambda u=url: organiser_client.post(u, data))
            assert response.status_code < 500, (url, text[:80])
            assert cpu < REQUEST_BUDGET, (url, len(text), cpu)

    run()


def test_the_worst_design_the_limits_accept_prints_in_bounded_time(organiser, design):
    """Every text field at its limit, without a space, the bodies all
    placeholders (each expanding to a long value)."""
    values = {}
    for name in DESIGN_TEXT_FIELDS:
        field = CertificateSettings._meta.get_field(name)
        values[name] = "W" * (field.max_length or texts.BODY_MAX_LENGTH)
    for name in CertificateSettings.BODY_FIELDS.values():
        values[name] = ("{institution}" * texts.BODY_MAX_LENGTH)[: texts.BODY_MAX_LENGTH - 1]
        values[name] = values[name][: values[name].rfind("}") + 1]
    for name, value in values.items():
        setattr(design, name, value)
    design.full_clean()
    design.save()
    registration = factories.RegistrationFactory(
        event=design.event,
        participant__full_name="N" * 150,
        participant__institution__name="I" * 200,
    )
    factories.attend(registration, [factories.SessionFactory(event=design.event)])
    certificate = services.certificate_issue(actor=organiser, registration=registration)

    data, cpu = _timed(lambda: rendering.certificate_pdf(certificate, settings=design))

    assert data.startswith(b"%PDF") and cpu < 0.5


def _image(fmt: str, size=(64, 48), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, fmt)
    return buffer.getvalue()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(buffer, "PNG")
    return buffer.getvalue()


hostile_image = st.one_of(
    st.binary(min_size=0, max_size=4_000),
    st.sampled_from(
        [
            _image("PNG"),
            _image("JPEG"),
            _image("PNG", mode="RGBA"),
            _image("GIF"),
            _image("PNG")[:100],
            _image("JPEG")[:300],
            _bomb(),
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            b"<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'b'>]><svg/>",
            b"%PDF-1.4\n",
        ]
    ),
    st.binary(min_size=8, max_size=2_000).map(lambda tail: _image("PNG")[:33] + tail),
)


@pytest.mark.parametrize("field", sorted(IMAGE_LABELS))
def test_every_image_upload_answers_hostile_files_in_bounded_time(organiser_client, design, field):
    event = design.event
    urls = [
        reverse("certificates:preview", kwargs={"code": event.code}),
        reverse("certificates:settings", kwargs={"code": event.code}),
    ]

    @FUZZ
    @given(content=hostile_image)
    def run(content):
        for url in urls:
            data = {**settings_data(event), field: SimpleUploadedFile("x.png", content)}
            response, cpu = _timed(lambda u=url, d=data: organiser_client.post(u, d))
            assert response.status_code < 500, (url, content[:40])
            assert cpu < REQUEST_BUDGET, (url, len(content), cpu)

    run()


def _xlsx_variants() -> list[bytes]:
    good = xlsx_bytes([person_row(n, institution="Diskominfo") for n in range(3)])
    variants = [good, good[: len(good) // 2], good[:-50]]
    source = zipfile.ZipFile(io.BytesIO(good))
    for part in source.namelist():
        for change in (lambda c: c[: len(c) // 3], lambda c: b"<!DOCTYPE a [<!ENTITY b 'c'>]>" + c):
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as archive:
                for info in source.infolist():
                    content = source.read(info.filename)
                    archive.writestr(
                        info.filename, change(content) if info.filename == part else content
                    )
            variants.append(out.getvalue())
    return variants


hostile_sheet = st.one_of(
    st.tuples(st.just("daftar.xlsx"), st.sampled_from(_xlsx_variants())),
    st.tuples(st.just("daftar.xlsx"), st.binary(max_size=3_000)),
    st.tuples(st.just("daftar.csv"), st.binary(max_size=3_000)),
    st.tuples(st.just("daftar.csv"), st.text(max_size=3_000).map(str.encode)),
    st.tuples(st.sampled_from(["daftar.pdf", "daftar", ".xlsx"]), st.binary(max_size=100)),
)


def test_the_invitation_list_upload_answers_hostile_files_in_bounded_time(organiser_client):
    event = factories.EventFactory()
    url = reverse("participants:import_upload", kwargs={"code": event.code})

    @FUZZ
    @given(sheet=hostile_sheet)
    def run(sheet):
        name, content = sheet
        response, cpu = _timed(
            lambda: organiser_client.post(
                url, {"file": SimpleUploadedFile(name, content)}, follow=True
            )
        )
        assert response.status_code < 500, (name, content[:40])
        assert cpu < REQUEST_BUDGET, (name, len(content), cpu)

    run()


def test_the_bulk_invitation_upload_answers_hostile_files_in_bounded_time(organiser_client):
    event = factories.EventFactory(registration_mode="both")
    url = reverse("participants:invitation_bulk", kwargs={"code": event.code})

    @FUZZ
    @given(sheet=hostile_sheet)
    def run(sheet):
        name, content = sheet
        response, cpu = _timed(
            lambda: organiser_client.post(url, {"file": SimpleUploadedFile(name, content)})
        )
        assert response.status_code < 500, (name, content[:40])
        assert cpu < REQUEST_BUDGET, (name, len(content), cpu)

    run()
