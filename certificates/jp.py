"""JP earned: where attendance and certificates meet (docs/jp.md).

The JP a registration earned is the JP of the sessions that count for the
certificate and that it checked in to (``Progress.jp_attended``, from
``selectors.evaluate``). At issue time it is frozen in the certificate's
snapshot with the event's total, the basis the organiser chose for ``{jp}``,
the minutes per JP, and — when the design prints it — the agenda attended,
so a later change to the agenda or to the minutes per JP rewrites nothing.
"""

from collections.abc import Sequence

from bimtek import formatting
from bimtek.models import Session
from certificates.models import CertificateSettings, JpBasis
from checkin.selectors.selfcheckin import checkins_counting_for_certificates
from participants.models import Registration

# Certificates print at most this many agenda rows on the back (an event of
# many short sessions continues on further pages; the bound keeps a PDF's
# print time bounded whatever the agenda).
AGENDA_MAX_ROWS = 60


def stated_jp(*, basis: str, jp_total: int, jp_attended: int) -> int:
    """What ``{jp}`` prints under the organiser's choice."""
    return jp_attended if basis == JpBasis.ATTENDED else jp_total


def attended_session_ids(registration: Registration, sessions: Sequence[Session]) -> set[int]:
    """The sessions among ``sessions`` the registration attended, by the
    check-ins that count for certificates (the same as eligibility's: a self
    check-in the organiser excluded earns no JP)."""
    if registration.pk is None or not sessions:
        return set()
    return set(
        checkins_counting_for_certificates()
        .filter(registration=registration, session_id__in=[s.pk for s in sessions])
        .values_list("session_id", flat=True)
    )


def agenda_rows(sessions: Sequence[Session], attended: set[int]) -> list[dict]:
    """The "Daftar materi": each countable session attended, in agenda order."""
    rows = []
    for session in sessions:
        if session.pk not in attended:
            continue
        rows.append(
            {
                "title": session.title,
                "speakers": ", ".join(session.speaker_list),
                "date": formatting.format_date(session.local_date, weekday=False, lang="id"),
                "jp": session.jp,
            }
        )
    return rows[:AGENDA_MAX_ROWS]


def snapshot_fields(
    *,
    settings: CertificateSettings,
    registration: Registration,
    sessions: Sequence[Session],
    jp_attended: int | None = None,
) -> dict:
    """The JP part of a certificate's snapshot. ``jp_attended`` may be given
    by a caller that has the registration's progress; the agenda (printed
    only when the design asks for it) needs the check-ins themselves."""
    jp_total = sum(session.jp for session in sessions)
    attended: set[int] | None = None
    if jp_attended is None or settings.agenda_page:
        attended = attended_session_ids(registration, sessions)
        jp_attended = sum(session.jp for session in sessions if session.pk in attended)
    fields = {
        "jp": stated_jp(basis=settings.jp_basis, jp_total=jp_total, jp_attended=jp_attended),
        "jp_total": jp_total,
        "jp_attended": jp_attended,
        "jp_basis": settings.jp_basis,
        "minutes_per_jp": settings.event.minutes_per_jp,
    }
    if settings.agenda_page:
        fields["agenda"] = agenda_rows(sessions, attended or set())
    return fields


def preview_fields(*, settings: CertificateSettings, sessions: Sequence[Session]) -> dict:
    """A preview's JP: as if every countable session had been attended, so the
    organiser sees the whole "Daftar materi" before anyone checks in."""
    jp_total = sum(session.jp for session in sessions)
    fields = {
        "jp": jp_total,
        "jp_total": jp_total,
        "jp_attended": jp_total,
        "jp_basis": settings.jp_basis,
        "minutes_per_jp": settings.event.minutes_per_jp,
    }
    if settings.agenda_page:
        fields["agenda"] = agenda_rows(sessions, {session.pk for session in sessions})
    return fields


def earned_jp(snapshot: dict) -> int:
    """The JP a certificate records as earned: the attended JP frozen at issue;
    certificates issued before it was recorded stated only ``jp``."""
    value = snapshot.get("jp_attended", snapshot.get("jp", 0))
    return value if isinstance(value, int) else 0
