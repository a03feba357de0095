"""Reads for certificates: eligibility from attendance, lists for organisers.

Eligibility is computed, never stored: it follows the check-ins, the rule
and the organiser's exceptions as they are now (docs/certificates.md).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from bimtek.models import Event, Session
from certificates import ticket_reads
from certificates.extensions import StepState, step_states
from certificates.models import (
    Certificate,
    CertificateJob,
    CertificateSettings,
    EligibilityException,
    EligibilityRule,
    ExceptionDecision,
    RolePolicy,
)
from checkin.selectors.selfcheckin import checkins_counting_for_certificates
from participants.models import Registration
from participants.models.registrations import RegistrationStatus


class Reason:
    """Why a registration is (not) eligible; views map these to messages."""

    COMPLETE = "complete"
    THRESHOLD_MET = "threshold_met"
    BY_ROLE = "by_role"
    GRANTED = "granted"
    NOT_APPROVED = "not_approved"
    NO_SESSIONS = "no_sessions"
    NO_JP = "no_jp"
    INCOMPLETE = "incomplete"
    DENIED = "denied"
    ROLE_NOT_CERTIFIED = "role_not_certified"
    STEPS_PENDING = "steps_pending"  # attendance is enough, another step is not done


@dataclass(frozen=True)
class Progress:
    sessions_attended: int
    sessions_total: int
    jp_attended: int
    jp_total: int
    eligible: bool
    reason: str
    rule: str
    min_percent: int
    exception: EligibilityException | None = None
    steps: tuple[StepState, ...] = ()  # other apps' steps (certificates.extensions)

    @property
    def steps_pending(self) -> list[StepState]:
        return [step for step in self.steps if not step.done]

    @property
    def sessions_needed(self) -> int:
        """Sessions still to attend under the rule (0 when the rule is met)."""
        if self.rule == EligibilityRule.ALL_SESSIONS:
            target = self.sessions_total
        elif self.rule == EligibilityRule.SESSIONS_PERCENT:
            target = -(-self.sessions_total * self.min_percent // 100)
        else:
            return 0
        return max(0, target - self.sessions_attended)

    @property
    def jp_needed(self) -> int:
        if self.rule != EligibilityRule.JP_PERCENT:
            return 0
        target = -(-self.jp_total * self.min_percent // 100)
        return max(0, target - self.jp_attended)

    @property
    def percent_sessions(self) -> int:
        return self.sessions_attended * 100 // self.sessions_total if self.sessions_total else 0


def certificate_settings_for(event: Event) -> CertificateSettings:
    """The event's settings, or the defaults (unsaved) when none were saved."""
    existing = CertificateSettings.objects.filter(event=event).first()
    if existing is None:
        return CertificateSettings(event=event)
    existing.event = event  # in hand: the PDF reads it
    return existing


def countable_sessions(event: Event) -> list[Session]:
    sessions = list(
        Session.objects.filter(event=event, counts_for_certificate=True).order_by(
            "starts_at", "position", "id"
        )
    )
    for session in sessions:
        session.event = event  # Session.jp reads the event's minutes per JP
    return sessions


def evaluate(
    *,
    settings: CertificateSettings,
    registration: Registration,
    sessions: Sequence[Session],
    attended: set[int],
    exception: EligibilityException | None,
    steps: tuple[StepState, ...] = (),
) -> Progress:
    """The rule itself, without queries. ``attended``: ids of countable
    sessions the registration checked in to; ``steps``: the states of the
    other steps registered in ``certificates.extensions`` (all must be done
    once attendance meets the rule)."""
    attended_sessions = [session for session in sessions if session.pk in attended]
    sessions_total = len(sessions)
    jp_total = sum(session.jp for session in sessions)
    jp_attended = sum(session.jp for session in attended_sessions)
    rule, percent = settings.eligibility_rule, settings.min_percent

    def result(eligible: bool, reason: str) -> Progress:
        if eligible and reason != Reason.GRANTED and any(not step.done for step in steps):
            eligible, reason = False, Reason.STEPS_PENDING
        return Progress(
            sessions_attended=len(attended_sessions),
            sessions_total=sessions_total,
            jp_attended=jp_attended,
            jp_total=jp_total,
            eligible=eligible,
            reason=reason,
            rule=rule,
            min_percent=percent,
            exception=exception,
            steps=steps,
        )

    if registration.status != RegistrationStatus.APPROVED:
        return result(False, Reason.NOT_APPROVED)
    if exception is not None:
        granted = exception.decision == ExceptionDecision.GRANT
        return result(granted, Reason.GRANTED if granted else Reason.DENIED)
    policy = settings.role_policy(registration.role)
    if policy == RolePolicy.BY_ROLE:
        return result(True, Reason.BY_ROLE)
    if policy == RolePolicy.NONE:
        return result(False, Reason.ROLE_NOT_CERTIFIED)
    if sessions_total == 0:
        return result(False, Reason.NO_SESSIONS)
    if rule == EligibilityRule.ALL_SESSIONS:
        met = len(attended_sessions) == sessions_total
        return result(met, Reason.COMPLETE if met else Reason.INCOMPLETE)
    if rule == EligibilityRule.SESSIONS_PERCENT:
        met = len(attended_sessions) * 100 >= percent * sessions_total
        return result(met, Reason.THRESHOLD_MET if met else Reason.INCOMPLETE)
    if jp_total == 0:
        return result(False, Reason.NO_JP)
    met = jp_attended * 100 >= percent * jp_total
    return result(met, Reason.THRESHOLD_MET if met else Reason.INCOMPLETE)


def eligibility_for_registrations(
    *,
    event: Event,
    registrations: Sequence[Registration],
    settings: CertificateSettings | None = None,
    sessions: Sequence[Session] | None = None,
) -> dict[int, Progress]:
    """Progress of several registrations of one event in two queries (plus
    one each for settings and sessions when not given)."""
    settings = settings or certificate_settings_for(event)
    sessions = countable_sessions(event) if sessions is None else sessions
    ids = [registration.pk for registration in registrations]
    session_ids = [session.pk for session in sessions]
    attended: dict[int, set[int]] = defaultdict(set)
    if ids and session_ids:
        rows = checkins_counting_for_certificates().filter(
            registration_id__in=ids, session_id__in=session_ids
        )
        for registration_id, session_id in rows.values_list("registration_id", "session_id"):
            attended[registration_id].add(session_id)
    exceptions = (
        {e.registration_id: e for e in EligibilityException.objects.filter(registration_id__in=ids)}
        if ids
        else {}
    )
    steps = step_states(registrations)
    return {
        registration.pk: evaluate(
            settings=settings,
            registration=registration,
            sessions=sessions,
            attended=attended[registration.pk],
            exception=exceptions.get(registration.pk),
            steps=steps.get(registration.pk, ()),
        )
        for registration in registrations
    }


def eligibility_for_registration(registration: Registration) -> Progress:
    return eligibility_for_registrations(event=registration.event, registrations=[registration])[
        registration.pk
    ]


def valid_certificate_for(registration: Registration) -> Certificate | None:
    return Certificate.objects.filter(registration=registration, revoked_at__isnull=True).first()


def certificate_replacement(certificate: Certificate) -> Certificate | None:
    """The valid certificate that took a revoked one's place: the one valid
    now for the same registration, issued after it (through a chain of
    reissues, the last). None for a valid certificate, or when none is valid."""
    if not certificate.is_revoked:
        return None
    return (
        Certificate.objects.filter(
            registration_id=certificate.registration_id,
            revoked_at__isnull=True,
            sequence__gt=certificate.sequence,
        )
        .only("number", "code")
        .first()
    )


def revoked_unreplaced(registration: Registration) -> Certificate | None:
    """The registration's latest revoked certificate that nothing replaces
    yet: what a new certificate for it replaces."""
    return (
        Certificate.objects.filter(
            registration=registration, revoked_at__isnull=False, replaced_by__isnull=True
        )
        .order_by("-sequence")
        .first()
    )


def registrations_for_certificates(event: Event) -> QuerySet[Registration]:
    """Everyone who may appear on the organiser's certificate list."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status__in=[RegistrationStatus.REJECTED])
        .select_related("participant", "participant__institution")
        .order_by("participant__full_name", "id")
    )


@dataclass(frozen=True)
class Row:
    registration: Registration
    progress: Progress
    certificate: Certificate | None
    revoked: bool = False  # a revoked certificate and no valid one: not issued again in bulk

    @property
    def to_issue(self) -> bool:
        return self.progress.eligible and self.certificate is None and not self.revoked


def certificate_rows(
    *, event: Event, settings: CertificateSettings, filter_by: str = "", search: str = ""
) -> list[Row]:
    """The organiser's list: every registration with its progress and its
    valid certificate — a fixed number of queries whatever the count."""
    registrations = registrations_for_certificates(event)
    if search:
        registrations = registrations.filter(
            Q(participant__full_name__icontains=search)
            | Q(participant__nip__startswith=search)
            | Q(participant__institution__name__icontains=search)
        )
    registrations = list(registrations)
    sessions = countable_sessions(event)
    progress = eligibility_for_registrations(
        event=event, registrations=registrations, settings=settings, sessions=sessions
    )
    certificates, revoked = {}, set()
    for certificate in Certificate.objects.filter(event=event):
        if certificate.revoked_at is None:
            certificates[certificate.registration_id] = certificate
        else:
            revoked.add(certificate.registration_id)
    rows = [
        Row(
            registration=r,
            progress=progress[r.pk],
            certificate=certificates.get(r.pk),
            revoked=r.pk in revoked and r.pk not in certificates,
        )
        for r in registrations
    ]
    if filter_by == "eligible":
        rows = [row for row in rows if row.progress.eligible]
    elif filter_by == "not_eligible":
        rows = [row for row in rows if not row.progress.eligible]
    elif filter_by == "issued":
        rows = [row for row in rows if row.certificate]
    elif filter_by == "not_issued":
        rows = [row for row in rows if row.to_issue]
    elif filter_by == "steps_pending":  # skipped by a bulk run: another step not done
        rows = [row for row in rows if row.progress.reason == Reason.STEPS_PENDING]
    return rows


def certificate_counts(rows: Iterable[Row]) -> dict[str, int]:
    counts = {"total": 0, "eligible": 0, "issued": 0, "to_issue": 0}
    for row in rows:
        counts["total"] += 1
        counts["eligible"] += row.progress.eligible
        counts["issued"] += row.certificate is not None
        counts["to_issue"] += row.to_issue
    return counts


def latest_jobs(event: Event, *, limit: int = 5) -> list[CertificateJob]:
    return list(CertificateJob.objects.filter(event=event).order_by("-created_at", "-id")[:limit])


def certificates_of_event(event: Event) -> QuerySet[Certificate]:
    return Certificate.objects.filter(event=event).order_by("sequence")


class Availability:
    """May the holder download their certificate from "My tickets"? The
    states of ``CertificateAvailability.code``; views map them to messages."""

    AVAILABLE = "available"  # a valid certificate to download, or one to issue now
    NOT_ELIGIBLE = "not_eligible"
    DOWNLOADS_CLOSED = "downloads_closed"  # the organiser has not opened downloads
    REVOKED = "revoked"  # eligible, but the organiser revoked the certificate issued


@dataclass(frozen=True)
class CertificateAvailability:
    code: str
    progress: Progress
    certificate: Certificate | None  # the valid one, if any
    downloads_open: bool
    revoked_certificate: Certificate | None = None  # the latest revoked, if any

    @property
    def available(self) -> bool:
        return self.code == Availability.AVAILABLE

    @property
    def can_issue(self) -> bool:
        """Available, and the download issues it first."""
        return self.available and self.certificate is None

    @property
    def downloads_closed(self) -> bool:
        return self.code == Availability.DOWNLOADS_CLOSED

    @property
    def revoked(self) -> bool:
        return self.code == Availability.REVOKED


def availability_of(
    *,
    progress: Progress,
    certificate: Certificate | None,
    revoked: Certificate | None,
    downloads_open: bool,
) -> CertificateAvailability:
    """The holder's rule, without queries, in this order: nothing before the
    organiser opens downloads; then a valid certificate is theirs (even if
    their attendance changed since); else they must be eligible; and a
    certificate the organiser revoked is not issued again by its holder (the
    organiser reissues it). ``revoked``: the registration's latest revoked
    certificate, if any (its date and reason are shown to the holder)."""
    if not downloads_open:
        code = Availability.DOWNLOADS_CLOSED
    elif certificate is not None:
        code = Availability.AVAILABLE
    elif not progress.eligible:
        code = Availability.NOT_ELIGIBLE
    elif revoked is not None:
        code = Availability.REVOKED
    else:
        code = Availability.AVAILABLE
    return CertificateAvailability(
        code=code,
        progress=progress,
        certificate=certificate,
        downloads_open=downloads_open,
        revoked_certificate=revoked,
    )


def ticket_certificates(
    registrations: Sequence[Registration],
) -> dict[int, CertificateAvailability]:
    """Availability of registrations at any events, in a fixed number of
    queries (the "My tickets" panels of one page)."""
    if not isinstance(registrations, list):
        # A page's list is kept as it is: its memo serves the steps
        # (participants.extensions.PageRegistrations).
        registrations = list(registrations)
    if not registrations:
        return {}
    event_ids = {r.event_id for r in registrations}
    settings_by_event = ticket_reads.rule_settings(event_ids)
    ids = [r.pk for r in registrations]
    sessions_by_event, attended = ticket_reads.sessions_and_attendance(
        registrations, event_ids, ids
    )
    exceptions, valid, revoked = ticket_reads.exceptions_and_certificates(ids)
    steps = step_states(registrations)
    result = {}
    for registration in registrations:
        event = registration.event
        settings = settings_by_event.get(event.pk) or CertificateSettings(event=event)
        sessions = sessions_by_event[event.pk]
        for session in sessions:
            session.event = event
        progress = evaluate(
            settings=settings,
            registration=registration,
            sessions=sessions,
            attended=attended[registration.pk],
            exception=exceptions.get(registration.pk),
            steps=steps.get(registration.pk, ()),
        )
        for certificate in (valid.get(registration.pk), revoked.get(registration.pk)):
            if certificate is not None:
                # Objects in hand: the download reads its event (settings,
                # the PDF) and would query it again.
                certificate.event = event
                certificate.registration = registration
        result[registration.pk] = availability_of(
            progress=progress,
            certificate=valid.get(registration.pk),
            revoked=revoked.get(registration.pk),
            downloads_open=settings.downloads_open,
        )
    return result


def certificate_availability(registration: Registration) -> CertificateAvailability:
    """May the registration's holder download their certificate now, and
    why not (``code``): the one rule for the ticket panel, the download view
    and the issuing service. Organisers are not bound by it."""
    return ticket_certificates([registration])[registration.pk]


def annotate_certificates_issued(events: QuerySet) -> QuerySet:
    """The organiser's event list: valid certificates per event, as a
    subquery (a join would multiply with other apps' counters)."""
    issued = (
        Certificate.objects.filter(event=OuterRef("pk"), revoked_at__isnull=True)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return events.annotate(
        certificates_issued=Coalesce(Subquery(issued, output_field=IntegerField()), 0)
    )
