"""The WhatsApp Business Cloud API (the official one; no unofficial gateway).

One approved template (settings.WHATSAPP_TEMPLATE) whose body has one
parameter, the message's text. The worker keeps to WHATSAPP_RATE_PER_SECOND
and retries what the API says to retry (429, 5xx, a connection that never
reached it) up to WHATSAPP_MAX_ATTEMPTS, waiting longer each time (or as long
as Retry-After says); any other refusal fails the delivery at once.
"""

import threading
import time

import httpx
from django.conf import settings

from outbox import reasons
from outbox.channels import SendError
from outbox.models import Delivery

# The API's codes for "the number is not on WhatsApp / cannot receive".
BAD_RECIPIENT_CODES = {131026, 131030, 100}
MAX_WAIT_SECONDS = 30.0


def is_configured() -> bool:
    return bool(settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_ACCESS_TOKEN)


class _Pacer:
    """At most ``rate`` calls a second in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self, rate: float) -> None:
        if rate <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + 1.0 / rate
        if start > now:
            time.sleep(start - now)


pacer = _Pacer()


def payload(delivery: Delivery) -> dict:
    language = {"id": "id", "en": "en"}.get(delivery.language, "id")
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": delivery.phone.lstrip("+"),
        "type": "template",
        "template": {
            "name": settings.WHATSAPP_TEMPLATE,
            "language": {"code": language},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": delivery.body}]}
            ],
        },
    }


def _retry_after(response: httpx.Response | None, attempt: int) -> float:
    if response is not None:
        try:
            return min(float(response.headers.get("Retry-After", "")), MAX_WAIT_SECONDS)
        except ValueError:
            pass
    return min(0.5 * 2**attempt, MAX_WAIT_SECONDS)


def send(delivery: Delivery, *, client: httpx.Client | None = None, sleep=time.sleep) -> str:
    """Send one template message; the API's message id (wamid…)."""
    if not delivery.phone:
        raise SendError(reasons.NO_MOBILE)
    url = f"{settings.WHATSAPP_API_URL.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    headers = {"Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}"}
    own = client is None
    client = client or httpx.Client(timeout=settings.WHATSAPP_TIMEOUT_SECONDS)
    try:
        last = "no attempt"
        for attempt in range(max(settings.WHATSAPP_MAX_ATTEMPTS, 1)):
            pacer.wait(settings.WHATSAPP_RATE_PER_SECOND)
            try:
                response = client.post(url, json=payload(delivery), headers=headers)
            except httpx.ConnectError as error:  # never reached the API: safe to retry
                last = f"connection: {error}"
                sleep(_retry_after(None, attempt))
                continue
            except httpx.HTTPError as error:  # it may have arrived: do not send again
                raise SendError(f"{type(error).__name__}: {error}"[:300]) from error
            if response.status_code == 429 or response.status_code >= 500:
                last = f"HTTP {response.status_code}"
                sleep(_retry_after(response, attempt))
                continue
            data = _json(response)
            if response.status_code >= 400:
                error = data.get("error") or {}
                code = error.get("code")
                text = f"HTTP {response.status_code} {code}: {error.get('message', '')}"[:300]
                raise SendError(text, bounced=code in BAD_RECIPIENT_CODES)
            try:
                return str(data["messages"][0]["id"])
            except (KeyError, IndexError, TypeError) as error:
                raise SendError(reasons.UNEXPECTED_ANSWER) from error
        raise SendError(
            reasons.with_detail(reasons.GAVE_UP, f"{settings.WHATSAPP_MAX_ATTEMPTS} × ({last})")
        )
    finally:
        if own:
            client.close()


def _json(response: httpx.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
