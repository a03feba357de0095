"""The WhatsApp Cloud API's webhook: the subscription check (GET) and the
status callbacks (POST, signed with the app secret in X-Hub-Signature-256).
Public by nature; it trusts only a correctly signed body."""

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from outbox.services import delivery_status_record

logger = logging.getLogger(__name__)
MAX_BODY = 256 * 1024


def signature_valid(body: bytes, header: str) -> bool:
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def _items(value) -> list:
    return value if isinstance(value, list) else []


def _field(value, name: str):
    return value.get(name) if isinstance(value, dict) else None


def statuses_in(payload: dict) -> list[dict]:
    """Every status object in Meta's nesting (entry → changes → value →
    statuses); anything shaped otherwise is skipped."""
    found = []
    for entry in _items(payload.get("entry")):
        for change in _items(_field(entry, "changes")):
            statuses = _field(_field(change, "value"), "statuses")
            found.extend(s for s in _items(statuses) if isinstance(s, dict))
    return found


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    """Public (Meta's servers): GET answers the subscription challenge when the
    verify token matches; POST records delivery statuses from a signed body."""
    if request.method == "GET":
        token = settings.WHATSAPP_VERIFY_TOKEN
        given = request.GET.get("hub.verify_token", "")
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and hmac.compare_digest(token, given)
        ):
            return HttpResponse(
                request.GET.get("hub.challenge", "")[:200], content_type="text/plain"
            )
        return HttpResponseForbidden("verify token mismatch")
    body = request.body[: MAX_BODY + 1]
    if len(body) > MAX_BODY:
        return HttpResponseBadRequest("too large")
    if not signature_valid(body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden("bad signature")
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponseBadRequest("not JSON")
    if not isinstance(payload, dict):
        return HttpResponseBadRequest("not an object")
    for status in statuses_in(payload):
        try:
            at = datetime.fromtimestamp(int(status.get("timestamp")), tz=UTC)
        except (TypeError, ValueError, OverflowError):
            at = None
        errors = status.get("errors") or [{}]
        error = errors[0] if isinstance(errors, list) and errors else {}
        delivery_status_record(
            provider_id=str(status.get("id", ""))[:128],
            status=str(status.get("status", "")),
            at=at,
            error=str((error or {}).get("title", ""))[:300] if isinstance(error, dict) else "",
        )
    return HttpResponse("ok", content_type="text/plain")
