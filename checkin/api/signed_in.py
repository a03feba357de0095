"""The signed-in browser of a scan, without the two queries of every request
(the session, then the user): kept per process for the scan endpoint, and
checked again inside the door-session query the scan makes anyway.

A scan from a scanner page costs Django a session read and a user read
before the view runs — about a quarter of a scan's CPU (docs/profile.md).
``DoorSignInMiddleware`` keeps, per worker process and for ``TTL`` at most,
what those two reads gave for a session cookie: the stored session text and
its decoded data, and the user's fields. A later scan with the same cookie
gets them from memory.

Nothing is trusted on that memory alone: ``door_sql.door_session`` (one query
on every scan) also asks whether the session row still holds exactly that
text and has not expired, and whether the user is still active with the same
password hash and superuser flag (``still_valid``). Signing out (the row is
deleted), a session changed by another request, an expired session, a
deactivated user or a changed password all fail that check at once, in every
process; the view then forgets the entry and authenticates the request the
ordinary way (``checkin.api.views.DoorAPIView.load_session``). Door rights are
never kept here: they come from the same query on every scan.

Only ``POST /api/v1/checkins/`` with a session cookie and no device key, and
only for the database session engines (the session row is what is checked).
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.signals import user_logged_out
from django.contrib.sessions.models import Session as StoredSession
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty

# How long an entry is used before the two reads are made again. The check in
# the door-session query makes revocation immediate; the TTL only bounds how
# stale a name shown as "checked in by" can be and how long memory is held.
TTL = 60.0
MAX_ENTRIES = 4096
ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)
# The user's fields the check compares with the database.
CHECKED = ("password", "is_active", "is_superuser")


@dataclass(frozen=True)
class Entry:
    session_key: str
    session_text: str  # django_session.session_data as stored
    session_data: dict
    user_values: tuple  # the user's concrete fields, in _meta order
    expires: float  # time.monotonic()

    def user(self):
        """A fresh user instance per request (threads must not share one)."""
        model = get_user_model()
        names = [field.attname for field in model._meta.concrete_fields]
        return model.from_db("default", names, list(self.user_values))

    def check(self) -> dict:
        """The parameters of the door-session query's check."""
        user = dict(zip(_attnames(), self.user_values, strict=True))
        return {
            "signin_key": self.session_key,
            "signin_text": self.session_text,
            "signin_now": timezone.now(),
            **{f"signin_{name}": user[name] for name in CHECKED},
        }


def _attnames() -> list[str]:
    return [field.attname for field in get_user_model()._meta.concrete_fields]


_entries: dict[str, Entry] = {}
_lock = threading.Lock()


def enabled() -> bool:
    return settings.SESSION_ENGINE in ENGINES


def forget(session_key: str | None) -> None:
    if session_key:
        with _lock:
            _entries.pop(session_key, None)


def clear() -> None:
    with _lock:
        _entries.clear()


@receiver(user_logged_out)
def _forget_on_sign_out(sender, request=None, **kwargs):
    # Signing out deletes the row, which the check sees in every process;
    # this process also drops the entry at once.
    session = getattr(request, "session", None)
    forget(getattr(session, "session_key", None))


def check_for(request) -> dict | None:
    """The check the door-session query must make for this request, or None
    when its user was authenticated the ordinary way."""
    return getattr(request, "door_signin_check", None)


def _read(request, session_key: str) -> str | None:
    """The session row's text, read as the session engine would (one query),
    and handed to the request's session so it does not read it again."""
    text = (
        StoredSession.objects.filter(session_key=session_key, expire_date__gt=timezone.now())
        .values_list("session_data", flat=True)
        .first()
    )
    if text is not None:
        request.session._session_cache = request.session.decode(text)
    return text


def _remember(request, session_key: str, text: str, data: dict) -> None:
    """After a request authenticated the ordinary way: keep what it read."""
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        user = None if user._wrapped is empty else user._wrapped
    if user is None or not user.is_authenticated or not user.is_active:
        return
    store = request.session
    if store.session_key != session_key or store.modified:
        return
    if str(data.get(SESSION_KEY)) != str(user.pk):
        return
    values = tuple(getattr(user, name) for name in _attnames())
    entry = Entry(session_key, text, data, values, time.monotonic() + TTL)
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[session_key] = entry


class DoorSignInMiddleware:
    """Right after AuthenticationMiddleware: for the scan endpoint, the
    session and user from this process's memory (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = None

    def __call__(self, request):
        if request.method != "POST" or not enabled():
            return self.get_response(request)
        if self.path is None:
            self.path = reverse("api:checkin_create")
        if request.path_info != self.path or "HTTP_AUTHORIZATION" in request.META:
            return self.get_response(request)
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key:
            return self.get_response(request)
        entry = _entries.get(session_key)
        if entry is not None and entry.expires < time.monotonic():
            forget(session_key)
            entry = None
        if entry is None:
            text = _read(request, session_key)
            if text is None:
                return self.get_response(request)
            data = dict(request.session._session_cache)
            response = self.get_response(request)
            _remember(request, session_key, text, data)
            return response
        request.session._session_cache = dict(entry.session_data)
        request.user = entry.user()
        request.door_signin_check = entry.check()
        response = self.get_response(request)
        if request.session.modified or request.session.session_key != session_key:
            forget(session_key)
        return response
