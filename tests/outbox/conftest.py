import pytest

from tests.outbox.fake_whatsapp import FakeWhatsApp


@pytest.fixture
def fake_whatsapp(settings):
    with FakeWhatsApp() as fake:
        settings.WHATSAPP_API_URL = fake.url
        settings.WHATSAPP_PHONE_NUMBER_ID = "1234567890"
        settings.WHATSAPP_ACCESS_TOKEN = "test-token"
        settings.WHATSAPP_APP_SECRET = "app-secret"
        settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
        settings.WHATSAPP_RATE_PER_SECOND = 0
        yield fake
