import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from accounts.roles import Role
from tests import factories


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits live in the cache; every test starts afresh.
    So do the certificate designs each process keeps (ids repeat between tests)."""
    from certificates.rendering import forget_designs

    cache.clear()
    forget_designs()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request made through the test client leaves its language active in the
    process: every test starts in the default language (Bahasa Indonesia)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organiser(db):
    return factories.organiser_user(email="panitia@example.org")


@pytest.fixture
def event(db):
    return factories.EventFactory()


@pytest.fixture
def door_staff(db, event):
    """A door steward assigned to ``event``."""
    return factories.EventStaffFactory(event=event).user


@pytest.fixture
def participant_user(db):
    return factories.participant_user(email="peserta@example.org")


@pytest.fixture
def user_for_role(db, event):
    """Build a signed-in-able user for "anonymous", "participant", "door_staff"
    or "organiser" (door staff are assigned to the ``event`` fixture)."""

    def make(role: str):
        if role == "anonymous":
            return None
        if role == "participant":
            return factories.participant_user()
        if role == "door_staff":
            return factories.EventStaffFactory(event=event).user
        if role == "organiser":
            return factories.UserFactory(roles=[Role.ORGANISER])
        raise ValueError(role)

    return make


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need real row locks; skip them on SQLite."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL): row locks")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
