"""The camera path: Chromium's fake camera shows a ticket's QR code; the
scanner decodes it with the barcode-detector polyfill, whose zxing-wasm
binary comes from our own static files (never a CDN), and admits the holder."""

import io

import pytest
import qrcode
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from checkin.models import CheckIn
from checkin.services.corrections import checkin_window_override_set
from tests import factories
from tests.e2e.conftest import PHONE, launch_chromium, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH, HEIGHT = 640, 480


def write_y4m(path, text: str) -> None:
    """A short video (YUV 4:2:0) of a QR code on white, for --use-file-for-fake-video-capture."""
    from PIL import Image

    code = qrcode.make(text, box_size=10, border=4).get_image().convert("L")
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (WIDTH * HEIGHT // 4)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            video.write(b"FRAME\n" + luma + chroma + chroma)


@pytest.fixture
def camera_browser(playwright, tmp_path):
    """Launch a Chromium whose fake camera films the QR code of ``token``."""
    video = tmp_path / "ticket.y4m"

    def launch(token: str):
        write_y4m(video, token)
        return launch_chromium(
            playwright,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        )

    return launch


def test_camera_scan_admits_with_the_local_decoder(camera_browser, live_server):
    event = factories.EventFactory()
    session = factories.SessionFactory(event=event)
    now = timezone.now()
    checkin_window_override_set(
        actor=None,
        session=session,
        opens_at=now - timezone.timedelta(minutes=5),
        closes_at=now + timezone.timedelta(hours=1),
    )
    steward = factories.EventStaffFactory(event=event).user
    registration = factories.RegistrationFactory(event=event, participant__full_name="Kamera Uji")

    # Playwright's sync API runs on greenlets, and Django keeps one database
    # connection per context: close this one before the browser starts, or it
    # is left open behind the test (and the test database cannot be dropped).
    connection.close()
    browser = camera_browser(registration.token)
    context = browser.new_context(base_url=live_server.url, locale="id-ID", **PHONE)
    context.grant_permissions(["camera"], origin=live_server.url)
    sign_in(context, steward, live_server)
    page = context.new_page()
    errors, requests = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))

    page.goto(f"/door/{event.code}/sessions/{session.pk}/")
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    # The camera was allowed before: it starts by itself, no tap needed.
    expect(page.locator("#scanner")).to_have_attribute("data-camera", "running", timeout=20_000)

    answer = page.get_by_test_id("scan-answer")
    expect(answer).to_have_attribute("data-result", "ok", timeout=45_000)
    expect(answer).to_contain_text("Kamera Uji")
    assert CheckIn.objects.filter(registration=registration, session=session).count() == 1
    assert any(url.endswith("/static/vendor/zxing-wasm/zxing_reader.wasm") for url in requests)
    assert all(url.startswith((live_server.url, "data:", "blob:")) for url in requests), requests
    assert not errors, errors
    # Close the browser now: its kept-alive connections hold live-server
    # threads until it goes. And this context's database connection (see above).
    context.close()
    browser.close()
    connection.close()


def test_y4m_writer_makes_whole_frames(tmp_path):
    path = tmp_path / "x.y4m"
    write_y4m(path, "A" * 32)

    data = path.read_bytes()
    header, _, rest = data.partition(b"\n")
    assert header.startswith(b"YUV4MPEG2 W640 H480")
    assert len(rest) == 10 * (len(b"FRAME\n") + WIDTH * HEIGHT * 3 // 2)
    assert io.BytesIO(rest).read(6) == b"FRAME\n"
