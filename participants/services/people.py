"""Writes for participant profiles: create, update, find-or-create, and the
claiming of imported profiles by the account that verifies their e-mail."""

import datetime as dt
import re
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, grant_role
from bimtek.models import Institution, InstitutionCategory
from bimtek.services import audit_record
from participants.errors import RegistrationError
from participants.models import Participant, Registration
from participants.models.people import Employment
from participants.nip import nip_normalise
from participants.phones import phone_normalise
from participants.services.institutions import institution_propose


@dataclass
class PersonData:
    """A person as a form, an invitation or a spreadsheet row describes them.

    ``institution`` is one from the list; or ``new_institution_name`` (with its
    category) is one the person typed, created unconfirmed for an organiser to
    confirm or merge."""

    full_name: str
    email: str
    institution: Institution | None = None
    new_institution_name: str = ""
    new_institution_category: InstitutionCategory | None = None
    title_front: str = ""
    title_back: str = ""
    employment: str = Employment.NON_ASN
    nip: str | None = None
    pangkat_golongan: str = ""
    jabatan: str = ""
    phone: str = ""
    extra: dict = field(default_factory=dict)

    def profile_fields(self, institution: Institution) -> dict:
        return {
            "full_name": " ".join(self.full_name.split()),
            "title_front": self.title_front.strip(),
            "title_back": self.title_back.strip(),
            "employment": self.employment or Employment.NON_ASN,
            "nip": nip_normalise(self.nip),
            "pangkat_golongan": self.pangkat_golongan or "",
            "jabatan": " ".join(self.jabatan.split()),
            "institution": institution,
            "phone": phone_normalise(self.phone),
        }


def _resolve_institution(data: PersonData, *, actor) -> Institution:
    if data.institution is not None:
        return data.institution
    if data.new_institution_name.strip() and data.new_institution_category is not None:
        return institution_propose(
            name=data.new_institution_name, category=data.new_institution_category, actor=actor
        )
    raise RegistrationError(_("Choose an institution or type its name."), code="no_institution")


def participant_create(
    *,
    full_name: str,
    email: str,
    institution: Institution,
    user=None,
    title_front: str = "",
    title_back: str = "",
    employment: str = Employment.NON_ASN,
    nip: str | None = None,
    pangkat_golongan: str = "",
    jabatan: str = "",
    phone: str = "",
    consent_at: dt.datetime | None = None,
    language: str = "",
) -> Participant:
    """A new profile. Raises ValidationError (field errors, a taken e-mail or
    NIP) before writing anything."""
    participant = Participant(
        user=user,
        full_name=" ".join(full_name.split()),
        email=email.strip().lower(),
        institution=institution,
        title_front=title_front.strip(),
        title_back=title_back.strip(),
        employment=employment,
        nip=nip_normalise(nip),
        pangkat_golongan=pangkat_golongan,
        jabatan=jabatan.strip(),
        phone=phone_normalise(phone),
        consent_at=consent_at,
        language=language,
    )
    _full_clean(participant)
    with transaction.atomic():
        _insert(participant)
    return participant


def _insert(participant: Participant) -> None:
    try:
        participant.save(force_insert=True)
    except IntegrityError as error:
        # The same e-mail or NIP saved by a parallel request since full_clean().
        raise RegistrationError(
            _("This person was registered at the same moment by someone else; try again."),
            code="conflict",
        ) from error


# A unique constraint's refusal is not tied to a field by Django (the NIP's
# has a condition); people look for it beside the field they typed.
_CONSTRAINT_FIELDS = {"nip_taken": "nip", "email_taken": "email"}


NIP_FORMAT = re.compile(r"[0-9]{18}")
NIP_UNIQUE = "participants_participant_nip_unique"


def _full_clean(participant: Participant, *, known: frozenset[str] = frozenset()) -> None:
    """``full_clean``, without the checks of the ``known`` fields, which the
    caller has answered in its transaction (each is a query: a foreign key's
    existence, a unique constraint's). A NIP of 18 digits satisfies the
    format constraint, checked here without asking the database; its
    uniqueness is one plain query (Django's check of a conditional
    constraint is a query in a savepoint)."""
    exclude = set(known) - {"nip"}
    nip = participant.nip
    nip_ok = nip is None or NIP_FORMAT.fullmatch(nip) is not None
    if nip_ok:
        exclude.add("nip")
    errors: dict[str, list] = {}
    try:
        participant.full_clean(exclude=exclude or None)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    # As full_clean(): a constraint is checked only on fields without errors
    # (a NIP the rule refuses is not also reported as taken).
    if nip is not None and nip_ok and "nip" not in known and "nip" not in errors:
        others = Participant.objects.filter(nip=nip)
        if participant.pk is not None:
            others = others.exclude(pk=participant.pk)
        if others.exists():
            constraint = next(c for c in Participant._meta.constraints if c.name == NIP_UNIQUE)
            taken = ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )
            errors = taken.update_error_dict(errors)
    if errors:
        _raise_on_fields(errors)


def _raise_on_fields(found: dict[str, list]) -> None:
    errors: dict[str, list] = {}
    for name, items in found.items():
        for item in items:
            target = _CONSTRAINT_FIELDS.get(item.code, name) if name == NON_FIELD_ERRORS else name
            errors.setdefault(target, []).append(item)
    raise ValidationError(errors)


@transaction.atomic
def participant_update(*, participant: Participant, actor, **fields) -> Participant:
    """Change a profile. An organiser's change is written to the audit trail
    (names and titles end up on certificates)."""
    if "nip" in fields:
        fields["nip"] = nip_normalise(fields["nip"])
    if "phone" in fields:
        fields["phone"] = phone_normalise(fields["phone"])
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    changes = {}
    for name, value in fields.items():
        old = getattr(participant, name)
        if old != value:
            changes[name] = [str(old or ""), str(value or "")]
        setattr(participant, name, value)
    _full_clean(participant)
    participant.save()
    own_profile = actor is not None and participant.user_id == getattr(actor, "pk", None)
    if changes and not own_profile:
        audit_record(
            actor=actor,
            action="participant.update",
            target=participant,
            summary=participant.display_name,
            changes=changes,
        )
    return participant


@transaction.atomic
def participant_update_from(
    *, participant: Participant, data: PersonData, actor, language: str | None = None
) -> Participant:
    """Change a profile from a form: the person's own profile page, or an
    organiser correcting a name before certificates are printed. The e-mail
    changes only when the form has one (organisers)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    fields = data.profile_fields(_resolve_institution(data, actor=actor))
    if data.email:
        fields["email"] = data.email
    if language:
        fields["language"] = language
    return participant_update(participant=participant, actor=actor, **fields)


def participant_match(
    *, email: str, nip: str | None, by_email: dict, by_nip: dict
) -> Participant | None:
    """The existing profile a person is, found by e-mail or NIP, from lookups
    (lower-cased e-mail -> profile, NIP -> profile). Refuses a person whose
    e-mail and NIP point at two different profiles, or whose NIP differs from
    the profile of their e-mail: these are typing mistakes an organiser must
    settle, not something to guess."""
    email = email.strip().lower()
    nip = nip_normalise(nip)
    by_mail = by_email.get(email)
    by_number = by_nip.get(nip) if nip else None
    if by_mail and by_number and by_mail.pk != by_number.pk:
        raise RegistrationError(
            _(
                "The e-mail address belongs to %(first)s but the NIP to %(second)s: "
                "two different people."
            )
            % {"first": by_mail.display_name, "second": by_number.display_name},
            code="person_conflict",
        )
    if by_mail and nip and by_mail.nip and by_mail.nip != nip:
        raise RegistrationError(
            _("%(name)s is already registered with this e-mail address but another NIP.")
            % {"name": by_mail.display_name},
            code="person_conflict",
        )
    return by_mail or by_number


@transaction.atomic
def participant_find_or_create(
    *, data: PersonData, actor, language: str = ""
) -> tuple[Participant, bool]:
    """The profile of the person an organiser, an institution or a list names:
    the existing one (matched by e-mail or NIP, left unchanged: only its owner
    and organisers edit a profile) or a new one without an account."""
    email = data.email.strip().lower()
    nip = nip_normalise(data.nip)
    by_email = {p.email: p for p in Participant.objects.filter(email__iexact=email)}
    by_nip = {p.nip: p for p in Participant.objects.filter(nip=nip)} if nip else {}
    existing = participant_match(email=email, nip=nip, by_email=by_email, by_nip=by_nip)
    if existing is not None:
        return existing, False
    institution = _resolve_institution(data, actor=actor)
    participant = participant_create(
        email=email,
        language=language,
        user=_verified_owner(email),
        **data.profile_fields(institution),
    )
    return participant, True


def _verified_owner(email: str):
    """The account that has verified this address and has no profile yet."""
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
    )
    if address is None or Participant.objects.filter(user=address.user).exists():
        return None
    return address.user


@transaction.atomic
def participant_save_own(
    *, user, event_language: str, data: PersonData, consent: bool
) -> Participant:
    """The signed-in person's own profile, created or updated from the
    registration form; reused for the next event."""
    return own_profile_save(user=user, event_language=event_language, data=data, consent=consent)


def own_profile_save(*, user, event_language: str, data: PersonData, consent: bool) -> Participant:
    """``participant_save_own``'s work, for a caller inside its own
    ``transaction.atomic()`` that lets every error out (no savepoints).

    One read says which profiles concern the account (``_own_profiles``).
    When it is only the account's own profile or none, what ``full_clean``
    would ask the database is known: the account (``user``: the caller's,
    its profile just read), the institution (checked by the form or just
    proposed), the e-mail address (unchanged, or the account's and no other
    profile has it). Anything else (a profile to claim, the address taken)
    goes the long way, as before."""
    if not consent:
        raise RegistrationError(
            _("Please agree to the processing of your personal data to register."),
            code="consent_required",
        )
    nip = nip_normalise(data.nip)
    found = _own_profiles(user, nip=nip)
    if all(row.user_id == user.pk for row in found):
        participant = found[0] if found else None
        known = KNOWN_FOR_OWN | ({"nip"} if nip else set())
    else:
        participant = (
            participant_claim_for_user(user=user) or Participant.objects.filter(user=user).first()
        )
        known = frozenset()
    institution = _resolve_institution(data, actor=user)
    fields = data.profile_fields(institution)
    now = timezone.now()
    if participant is None:
        participant = Participant(
            user=user,
            email=user.email.strip().lower(),
            consent_at=now,
            language=event_language,
            **fields,
        )
        _full_clean(participant, known=known)
        _insert(participant)
    else:
        for name, value in {"consent_at": now, "language": event_language, **fields}.items():
            setattr(participant, name, value)
        _full_clean(participant, known=known)
        participant.save()
    grant_role(user, Role.PARTICIPANT)
    _name_the_account(user, participant)
    return participant


# What _own_profiles answers when it finds no profile but the account's own
# (and the NIP, when there is one).
KNOWN_FOR_OWN = frozenset({"user", "institution", "email"})


def _own_profiles(user, *, nip: str | None) -> list[Participant]:
    """In one query: the account's profile, the unclaimed ones under its
    verified addresses (to claim), and any other under the account's
    address or with this NIP (which the profile could not take). Written
    out: it runs on every sign-up, and the ORM spent more CPU compiling it
    than the database spends running it."""
    quote = connection.ops.quote_name
    addresses = (
        f"SELECT LOWER(email) FROM {quote(EmailAddress._meta.db_table)}"
        " WHERE user_id = %s AND verified"
    )
    # On PostgreSQL = ANY(ARRAY(…)) is read once, so every side of the OR is
    # an index scan; with IN (…) it filtered every unclaimed profile (an
    # organiser's import leaves thousands) on every sign-up.
    claimable = (
        f"LOWER(email) = ANY(ARRAY({addresses}))"
        if connection.vendor == "postgresql"
        else f"LOWER(email) IN ({addresses})"
    )
    sql = (
        f"SELECT * FROM {quote(Participant._meta.db_table)} WHERE user_id = %s"
        f" OR (user_id IS NULL AND {claimable})"
        " OR LOWER(email) = LOWER(%s)"
    )
    params = [user.pk, user.pk, user.email]
    if nip:
        sql += " OR nip = %s"
        params.append(nip)
    return list(Participant.objects.raw(sql + " ORDER BY id", params))


def _name_the_account(user, participant: Participant) -> None:
    """An account with no name of its own is called by its person's name (the
    navigation shows it; before, the local part of the e-mail address)."""
    if user.display_name:
        return
    user.display_name = participant.full_name[: user._meta.get_field("display_name").max_length]
    user.save(update_fields=["display_name"])


def _verified_addresses(user) -> list[str]:
    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


@transaction.atomic
def participant_claim(*, user, email: str) -> Participant | None:
    """Give ``user`` the unclaimed profile of ``email`` (an address the user has
    just verified) and its tickets. Called by the allauth ``email_confirmed``
    receiver and when a signed-in person opens a registration form.

    If the user already has a profile, the unclaimed one's registrations move
    to it (except for events where the user is registered already: those stay
    behind on the unclaimed profile for an organiser to settle). Returns the
    user's profile, or None when there was nothing to claim."""
    email = email.strip().lower()
    unclaimed = (
        Participant.objects.select_for_update()
        .filter(email__iexact=email, user__isnull=True)
        .first()
    )
    if unclaimed is None:
        return None
    own = Participant.objects.select_for_update().filter(user=user).first()
    if own is None:
        unclaimed.user = user
        unclaimed.save(update_fields=["user", "updated_at"])
        grant_role(user, Role.PARTICIPANT)
        _name_the_account(user, unclaimed)
        audit_record(
            actor=user,
            action="participant.claim",
            target=unclaimed,
            summary=f"{unclaimed.display_name} <{email}>",
        )
        return unclaimed
    taken_events = set(own.registrations.values_list("event_id", flat=True))
    movable = Registration.objects.filter(participant=unclaimed).exclude(event_id__in=taken_events)
    moved = list(movable.values_list("pk", flat=True))
    movable.update(participant=own)
    # Door rosters find changed people by this stamp (docs/offline.md).
    Participant.objects.filter(pk=own.pk).update(updated_at=timezone.now())
    audit_record(
        actor=user,
        action="participant.claim_merge",
        target=own,
        summary=f"{unclaimed.display_name} <{email}> → {own.display_name}",
        changes={"from_participant": unclaimed.pk, "registrations": moved},
    )
    if not unclaimed.registrations.exists():
        unclaimed.delete()
    return own


def participant_claim_for_user(*, user) -> Participant | None:
    """Claim any unclaimed profile under one of the user's verified addresses."""
    claimed = None
    for email in _verified_addresses(user):
        claimed = participant_claim(user=user, email=email) or claimed
    return claimed
