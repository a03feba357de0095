"""Shapes of the door API (what drf-spectacular publishes at /api/v1/schema/)."""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import html

from checkin.models.checkins import ScanResult

# As published in the schema: blank is allowed (the field is optional).
CLIENT_ID_PATTERN = r"^[A-Za-z0-9._:-]{0,64}$"
CLIENT_ID_MESSAGE = _("Up to 64 letters, digits and . _ : - characters.")
MAX_ID = 2**63 - 1  # larger ids would overflow the database's bigint


def client_id_field(**kwargs) -> serializers.RegexField:
    """A device's own id: the pattern is in the schema, so a client can know
    what is refused before sending it."""
    return serializers.RegexField(
        CLIENT_ID_PATTERN,
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        error_messages={"invalid": CLIENT_ID_MESSAGE},
        **kwargs,
    )


_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)


class StrictDateTimeField(serializers.DateTimeField):
    """Exactly the schema's ``format: date-time`` (RFC 3339), no more, no less.

    A form-encoded empty string is not a time (DRF would read it as null;
    null is sent as JSON null, or the field left out). Every RFC 3339 time is
    one: lower-case ``t``/``z``, a leap second (read as :59), and years
    Python cannot hold (0000) or offsets past them, which are "too old or
    too far ahead" and so, as documented, replaced by the server's time."""

    def get_value(self, dictionary):
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""  # judged by to_internal_value: refused
        return super().get_value(dictionary)

    def to_internal_value(self, value):
        if not (isinstance(value, str) and _RFC3339.match(value)):
            return super().to_internal_value(value)
        value = value.upper()
        if value[17:19] == "60":  # a leap second
            value = f"{value[:17]}59{value[19:]}"
        try:
            return super().to_internal_value(value)
        except serializers.ValidationError:
            # A real date and time in a year Python cannot hold (or pushed
            # past it by the offset): far too old or far ahead, the server's time.
            super().to_internal_value(f"2000{value[4:]}")  # anything else is refused
            return None


@extend_schema_field(OpenApiTypes.ANY)
class RawField(serializers.Field):
    """Whatever the scanner read, unvalidated: the check-in service judges it
    (anything that is not a ticket token is answered ``invalid`` and logged,
    a number or a list too). The schema says so: any JSON value, where it
    said "string" while the server took everything."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


class _AttemptSerializer(serializers.Serializer):
    session = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("The session's id.")
    )
    device = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=True,
        help_text=_("A name for the scanning device, e.g. “Pintu utama 1”."),
    )
    client_id = client_id_field(
        help_text=_(
            "The device's own id for this attempt (e.g. a UUID): sending the same attempt "
            "again with it returns the first answer instead of judging it twice."
        ),
    )
    scanned_at = StrictDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "When the code was scanned, by the device's clock (a scan sent later keeps its "
            "time). Missing, more than 5 minutes ahead or over 72 hours old: the server's time."
        ),
    )

    offline_result = serializers.ChoiceField(
        choices=ScanResult.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Only for a scan the device judged itself while it had no network: the answer it "
            "gave at the door. A refusal is logged as such; an admission is judged again, the "
            "earliest scan wins and a clash with another door is recorded (docs/offline.md)."
        ),
    )
    offline_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text=_("The reason code of the device's own answer (unknown, cancelled, too_early…)."),
    )

    def validate_device(self, value: str) -> str:
        return value[:100]


class CheckInRequestSerializer(_AttemptSerializer):
    token = RawField(
        required=False,
        allow_null=True,
        default="",
        help_text=_(
            "The ticket token read from the QR code (32 characters A–Z, 2–7). Anything "
            "else, of any JSON type, is answered invalid."
        ),
    )


class ManualCheckInRequestSerializer(_AttemptSerializer):
    registration = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    reason = serializers.CharField(
        min_length=1, max_length=200, help_text=_("Why by hand, e.g. “phone left at home”.")
    )


class UndoRequestSerializer(serializers.Serializer):
    # Optional here so that a missing reason and a blank one get the same
    # answer from the service: 400 reason_required.
    reason = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Why the check-in is undone, e.g. “wrong person”. Required: without one "
            "the answer is 400 reason_required."
        ),
    )
    device = serializers.CharField(required=False, allow_blank=True, default="")


class BatchRequestSerializer(serializers.Serializer):
    attempts = serializers.ListField(
        child=serializers.DictField(),
        min_length=1,
        max_length=100,
        help_text=_(
            "Up to 100 attempts, each with the fields of POST /checkins/ (a client_id is "
            "required), or of POST /checkins/manual/ when it has a registration."
        ),
    )


class BatchResultSerializer(serializers.Serializer):
    client_id = serializers.CharField()
    status = serializers.IntegerField(help_text=_("What the single-attempt endpoint answers."))
    answer = serializers.DictField(required=False, help_text=_("The check-in answer (status 200)."))
    error = serializers.CharField(required=False)
    detail = serializers.CharField(required=False)


class BatchAnswerSerializer(serializers.Serializer):
    results = BatchResultSerializer(many=True)


class RosterQuerySerializer(serializers.Serializer):
    since = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=MAX_ID,
        help_text=_("A version this endpoint answered before: only what changed since then."),
    )
    device_id = client_id_field(
        help_text=_("The scanner's own id, so the organiser sees how recent its roster is."),
    )
    device = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    queued = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=1_000_000,
        help_text=_("Scans not yet sent."),
    )


class CheckInAnswerSerializer(serializers.Serializer):
    """The answer of the check-in API contract (design brief)."""

    result = serializers.ChoiceField(choices=ScanResult.choices)
    reason = serializers.CharField(
        help_text=_(
            "Why, in a word: unknown, reissued, malformed, pending, waitlisted, rejected, "
            "cancelled, other_event, too_early, closed (empty for ok and already_checked_in, "
            "except double_admission: an offline admission met another door's check-in)."
        )
    )
    message = serializers.CharField(help_text=_("Headline for the staff, in their language."))
    detail = serializers.CharField(help_text=_("One more line for the staff."))
    display_name = serializers.CharField(help_text=_("Name with titles, where known."))
    institution = serializers.CharField()
    jabatan = serializers.CharField()
    role = serializers.CharField()
    role_display = serializers.CharField()
    event_title = serializers.CharField(help_text=_("For wrong_event: the ticket's event."))
    checkin_id = serializers.IntegerField(allow_null=True)
    checked_in_at = serializers.DateTimeField(
        allow_null=True, help_text=_("The first check-in's time (ok and already_checked_in).")
    )
    checked_in_at_display = serializers.CharField()
    checked_in_by = serializers.CharField()
    method = serializers.CharField()
    device = serializers.CharField()
    window_opens_at = serializers.DateTimeField(allow_null=True)
    window_closes_at = serializers.DateTimeField(allow_null=True)
    scanned_at = serializers.DateTimeField()
    session = serializers.IntegerField()
    registration = serializers.IntegerField(allow_null=True)
    client_id = serializers.CharField()
    replayed = serializers.BooleanField(help_text=_("True when this is a stored earlier answer."))
    undo_until = serializers.DateTimeField(allow_null=True)
    offline_result = serializers.CharField(
        help_text=_("The device's own answer, for a scan it judged offline (else empty).")
    )


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text=_("Machine-readable code."))
    detail = serializers.CharField()


class WindowSerializer(serializers.Serializer):
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    overridden = serializers.BooleanField()
    open_now = serializers.BooleanField()


class SessionAttendanceSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    expected = serializers.IntegerField()
    present = serializers.IntegerField()
    percent = serializers.IntegerField()
    window = WindowSerializer()


class SearchResultSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    display_name = serializers.CharField()
    institution = serializers.CharField()
    nip = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    role_display = serializers.CharField()
    approved = serializers.BooleanField()
    checkin_id = serializers.IntegerField(allow_null=True)
    checked_in_at = serializers.DateTimeField(allow_null=True)
    checked_in_at_display = serializers.CharField()
    undo_until = serializers.DateTimeField(allow_null=True)


_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{0,64}")
_SCANNED_AT = StrictDateTimeField(allow_null=True)


def plain_scan_data(raw) -> dict | None:
    """What ``CheckInRequestSerializer`` validates a scan to, read without
    it, for the body every scanner sends (the serializer's field copies and
    validators were ~13 % of a scan's CPU); None for anything else — a
    missing or odd field, a string where a number belongs, an offline
    verdict — which the serializer then judges and, if need be, refuses with
    its own messages. ``tests/checkin/test_plain_scan_data.py`` compares the
    two."""
    if not isinstance(raw, dict):
        return None
    session = raw.get("session")
    device = raw.get("device", "")
    client_id = raw.get("client_id", "")
    scanned_at = raw.get("scanned_at")
    if (
        type(session) is not int
        or not 1 <= session <= MAX_ID
        or type(device) is not str
        or not device.isprintable()
        or type(client_id) is not str
        or not _CLIENT_ID.fullmatch(client_id)
        or raw.get("offline_result", "") != ""
        or raw.get("offline_reason", "") != ""
        or not (scanned_at is None or type(scanned_at) is str)
    ):
        return None
    if scanned_at is not None:
        try:
            scanned_at = _SCANNED_AT.to_internal_value(scanned_at)
        except serializers.ValidationError:
            return None
    return {
        "session": session,
        "device": device.strip()[:100],
        "client_id": client_id,
        "scanned_at": scanned_at,
        "offline_result": "",
        "offline_reason": "",
        "token": raw.get("token", ""),
    }
