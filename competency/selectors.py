"""Reads for the competency-development record ("Riwayat pengembangan
kompetensi"): every event a person attended on this system, per year, the
JP each earned and the progress toward the yearly target (docs/jp.md).

The JP of an event with a valid certificate is the one frozen in that
certificate (``certificates.jp.earned_jp``): a later change of the agenda or
of the minutes per JP rewrites nothing. Without a certificate (not eligible,
or not issued yet) the JP attended is computed from the check-ins, shown,
and not counted toward the target: a course counts for the yearly 20 JP with
its certificate, as in SIASN.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from bimtek.models import Event
from certificates import jp
from certificates.models import Certificate
from certificates.selectors import CertificateAvailability, ticket_certificates
from participants.models import Registration
from participants.models.registrations import RegistrationStatus


@dataclass(frozen=True)
class RecordEntry:
    registration: Registration
    availability: CertificateAvailability
    jp: int

    @property
    def event(self) -> Event:
        return self.registration.event

    @property
    def certificate(self) -> Certificate | None:
        return self.availability.certificate

    @property
    def counts(self) -> bool:
        """Counted toward the yearly target: it has a valid certificate."""
        return self.certificate is not None

    @property
    def downloadable(self) -> bool:
        return self.availability.available and self.certificate is not None


@dataclass
class YearRecord:
    year: int
    target: int
    entries: list[RecordEntry] = field(default_factory=list)

    @property
    def jp_certified(self) -> int:
        return sum(entry.jp for entry in self.entries if entry.counts)

    @property
    def jp_pending(self) -> int:
        return sum(entry.jp for entry in self.entries if not entry.counts)

    @property
    def jp_remaining(self) -> int:
        return max(0, self.target - self.jp_certified)

    @property
    def target_met(self) -> bool:
        return self.jp_certified >= self.target

    @property
    def percent(self) -> int:
        if self.target <= 0:
            return 100
        return min(100, self.jp_certified * 100 // self.target)


def yearly_target() -> int:
    return max(0, int(settings.COMPETENCY_YEARLY_TARGET_JP))


def record_for_user(user, *, today: dt.date | None = None) -> list[YearRecord]:
    """The user's record, newest year first; the current year is always
    there (with its target) even before any event. A fixed number of queries
    whatever the number of events."""
    today = today or timezone.localdate()
    target = yearly_target()
    registrations = list(
        Registration.objects.filter(participant__user=user, status=RegistrationStatus.APPROVED)
        .select_related("event")
        .order_by("event__start_date", "event_id")
    )
    availability = ticket_certificates(registrations)
    years = {today.year: YearRecord(year=today.year, target=target)}
    for registration in registrations:
        state = availability[registration.pk]
        certificate = state.certificate
        if certificate is None and state.progress.sessions_attended == 0:
            continue  # registered, never attended a counting session: nothing earned
        earned = jp.earned_jp(certificate.snapshot) if certificate else state.progress.jp_attended
        year = registration.event.start_date.year
        if year not in years:
            years[year] = YearRecord(year=year, target=target)
        years[year].entries.append(
            RecordEntry(registration=registration, availability=state, jp=earned)
        )
    return [years[year] for year in sorted(years, reverse=True)]
