"""The attendance reads of ``certificates.selectors.ticket_certificates``
(the "My tickets" panels, a certificate's availability): countable sessions
and who attended them, in as few statements as the registrations allow."""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, QuerySet

from bimtek.compiled import raw_by_shape
from bimtek.models import Session
from certificates.models import Certificate, CertificateSettings, EligibilityException
from checkin.selectors.selfcheckin import checkins_counting_for_certificates
from participants.models import Registration

SESSION_FIELDS = ("event_id", "starts_at", "ends_at", "jp_override")
# The rule's fields only (the settings stay in ticket_certificates): not the
# ~40 columns of the certificate's design.
RULE_FIELDS = (
    "event_id",
    "eligibility_rule",
    "min_percent",
    "downloads_open",
    *CertificateSettings.POLICY_FIELDS.values(),
)


def _rule_settings(event_ids) -> QuerySet[CertificateSettings]:
    return CertificateSettings.objects.filter(event_id__in=event_ids).only(*RULE_FIELDS)


def _exceptions(ids) -> QuerySet[EligibilityException]:
    return EligibilityException.objects.filter(registration_id__in=ids)


def _certificates(ids) -> QuerySet[Certificate]:
    return Certificate.objects.filter(registration_id__in=ids).order_by("sequence")


def rule_settings(event_ids: set[int]) -> dict[int, CertificateSettings]:
    """The events' saved settings, by event (rule fields only)."""
    return {
        s.event_id: s for s in raw_by_shape("certificates.rule_settings", _rule_settings, event_ids)
    }


def exceptions_and_certificates(
    ids: list[int],
) -> tuple[dict[int, EligibilityException], dict[int, Certificate], dict[int, Certificate]]:
    """The registrations' eligibility exceptions, valid certificates and
    latest revoked ones, by registration: two statements, each compiled once
    per number of registrations (bimtek.compiled)."""
    exceptions = {
        e.registration_id: e for e in raw_by_shape("certificates.exceptions", _exceptions, ids)
    }
    valid: dict[int, Certificate] = {}
    revoked: dict[int, Certificate] = {}  # the latest revoked of each
    for certificate in raw_by_shape("certificates.of_registrations", _certificates, ids):
        if certificate.revoked_at is None:
            valid[certificate.registration_id] = certificate
        else:
            revoked[certificate.registration_id] = certificate
    return exceptions, valid, revoked


def _countable(event_ids) -> QuerySet[Session]:
    # The rule reads a session's id, event and JP (its times or the
    # organiser's figure): not its title, description, speakers and settings.
    return (
        Session.objects.filter(event_id__in=event_ids, counts_for_certificate=True)
        .only(*SESSION_FIELDS)
        .order_by("starts_at", "position", "id")
    )


def _with_attendance(event_ids, ids) -> QuerySet[Session]:
    """The countable sessions, each marked ``attended`` when one of the
    registrations checked in to it in a way that counts."""
    checked_in = checkins_counting_for_certificates().filter(
        session_id=OuterRef("pk"), registration_id__in=ids
    )
    return _countable(event_ids).annotate(attended=Exists(checked_in))


def sessions_and_attendance(
    registrations: Sequence[Registration], event_ids: set[int], ids: list[int]
) -> tuple[dict[int, list[Session]], dict[int, set[int]]]:
    """The countable sessions of the events and the ones each registration
    attended. A person's own tickets (one registration per event: the
    "My tickets" panels, one certificate) in one statement, each session
    marked attended by its event's one registration (a check-in is always of
    a registration at the session's event: checkin.services); otherwise two."""
    sessions_by_event: dict[int, list[Session]] = defaultdict(list)
    attended: dict[int, set[int]] = defaultdict(set)
    if len(event_ids) == len(registrations):  # one per event
        registration_of_event = {r.event_id: r.pk for r in registrations}
        # Compiled once per number of tickets (bimtek.compiled): compiling
        # this statement cost more than running it (docs/profile.md).
        rows = raw_by_shape(
            "certificates.sessions_with_attendance", _with_attendance, event_ids, ids
        )
        for session in rows:
            sessions_by_event[session.event_id].append(session)
            if session.attended:
                attended[registration_of_event[session.event_id]].add(session.pk)
        return sessions_by_event, attended
    for session in _countable(event_ids):
        sessions_by_event[session.event_id].append(session)
    countable = {s.pk for event_sessions in sessions_by_event.values() for s in event_sessions}
    if countable:
        for registration_id, session_id in (
            checkins_counting_for_certificates()
            .filter(registration_id__in=ids, session_id__in=countable)
            .values_list("registration_id", "session_id")
        ):
            attended[registration_id].add(session_id)
    return sessions_by_event, attended
