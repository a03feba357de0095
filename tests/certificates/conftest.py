import pytest

from tests import factories


@pytest.fixture
def cert_event(db):
    """An event with four 90-minute sessions that count (2 JP each at 45
    minutes per JP) and one that does not, with certificate settings."""
    settings = factories.CertificateSettingsFactory()
    event = settings.event
    sessions = [factories.SessionFactory(event=event) for _ in range(4)]
    factories.SessionFactory(event=event, counts_for_certificate=False, title="Pembukaan")
    event.countable = sessions
    event.cert_settings = settings
    return event
