"""The penetration matrix: every URL of the URLconf × every role.

The URLs come from the URLconf itself, each with sample arguments pointing at
one event of team A (its session, registrations, staff…), so a new URL fails
``test_every_url_is_in_the_matrix`` until it is given a kind here. Per kind,
who may open it (any answer but 403/404: a page, a redirect, a 405 or 400
for a bare request) and who may not (403 or 404; a login redirect for the
anonymous visitor). The organiser of *another* team is refused everywhere an
event of team A, or its people, is concerned (docs/roles.md, issue 15).

One world per role and a plain loop over the URLs keeps this to a few seconds.
"""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role
from bimtek.models.events import StaffRole
from checkin.models import CheckIn
from evaluations.models import Question, QuestionKind, Questionnaire, QuestionnaireKind
from outbox.models import Message
from participants.models.registrations import RegistrationStatus
from participants.notifications import Mail, notify
from participants.services.privacy import erasure_request_create
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "participant",
    "steward",
    "supervisor",
    "organiser",
    "other_organiser",
    "administrator",
]
ORGANISERS = {"organiser", "administrator"}
DOOR = ORGANISERS | {"steward", "supervisor"}
SUPERVISORS = ORGANISERS | {"supervisor"}
EVERY_ORGANISER = ORGANISERS | {"other_organiser"}
SIGNED_IN = set(ROLES) - {"anonymous"}

# kind → who may; everyone else signed in gets 403 or 404.
ALLOWED = {
    "event_organiser": ORGANISERS,  # an organiser page, export or action of the event
    "door": DOOR,  # the event's door
    "door_supervisor": SUPERVISORS,  # search and correct at the event's door
    "ticket": {"participant"},  # the participant's own ticket (organisers have their pages)
    "dashboard": EVERY_ORGANISER,  # organiser pages about no event (lists: filtered)
    "door_home": DOOR | {"other_organiser"},  # the door's start page (lists: filtered)
    "signed_in": SIGNED_IN,
    # Completing an erasure request: an organiser of a team where the person
    # registered (the matrix's request is the participant's, at team A).
    "erasure": ORGANISERS,
    # Granting the HR viewer role: administrators (and organisers holding
    # competency.add_hrviewer, which the matrix's organisers do not).
    "hr_viewers": {"administrator"},
}
# Not role pages: public, token-based, allauth's, the admin (superusers).
PUBLIC = {
    "events:",
    "participants:register",
    "participants:privacy",
    "participants:invitation_detail",
    "participants:delegate_cancel",
    "checkin:door_sw",
    "checkin:door_manifest",
    "checkin:door_offline",
    # Self check-in: the projector's code is the proof of presence (it signs
    # in whoever is not), and the answer page shows the browser's own answer.
    "checkin:self_checkin",
    "checkin:self_checkin_answer",
    "certificates:verify_lookup",
    "certificates:verify",
    "certificates:verify_check",
    "api:certificate_verify",
    "api:schema",
    "api:not_found",
    "outbox:whatsapp_webhook",  # Meta's servers; trusts only a signed body
    "broadcasts:unsubscribe",  # the signed token in the announcement is the key
    "spj:speaker_data",  # a speaker's own form: the e-mailed token is the key
    "healthz",
    "",
}
KINDS = {
    "participants:ticket_list": "ticket",
    "participants:ticket_detail": "ticket",
    "participants:ticket_qr": "ticket",
    "participants:ticket_pdf": "ticket",
    "participants:ticket_cancel": "ticket",
    "participants:ticket_whatsapp_withdraw": "ticket",
    "participants:ticket_announcements_resubscribe": "ticket",
    "participants:ticket_announcements_unsubscribe": "ticket",
    "participants:ticket_whatsapp_consent": "ticket",
    "certificates:ticket": "ticket",
    "competency:record": "ticket",  # the person's own record, nobody else's
    # The JP report: every organiser (lists scoped to their teams) and HR viewers.
    "competency:report": "dashboard",
    "competency:report_export": "dashboard",
    "competency:report_certificates": "dashboard",
    "competency:hr_viewers": "hr_viewers",
    "competency:hr_viewer_revoke": "hr_viewers",
    "evaluations:answer": "ticket",
    "evaluations:save": "ticket",
    # The questionnaire's QR link: on to one's own ticket, or told there is none.
    "evaluations:link": "signed_in",
    "participants:profile": "signed_in",
    # Anyone signed in opens their own data (without a profile: sent to make one).
    "participants:own_data": "signed_in",
    "participants:own_data_download": "signed_in",
    "participants:erasure_requests": "dashboard",
    "participants:erasure_request_complete": "erasure",
    "participants:institution_review": "dashboard",
    "participants:institution_action": "dashboard",
    "organiser:event_list": "dashboard",
    "organiser:event_create": "dashboard",
    "organiser:institution_list": "dashboard",
    "organiser:institution_create": "dashboard",
    "organiser:institution_edit": "dashboard",
    "checkin:door_home": "door_home",
    "checkin:door_devices": "door_home",
    "checkin:door_device_revoke": "door_home",
    "checkin:door_event": "door",
    "checkin:door_scanner": "door",
    "api:event_roster": "door",
    "api:session_attendance": "door",
    "api:checkin_create": "door",
    "api:checkin_batch": "door",
    "api:checkin_manual": "door_supervisor",
    "api:checkin_undo": "door_supervisor",
    "api:session_search": "door_supervisor",
    "checkin:self_checkin_projector": "door_supervisor",
    "checkin:self_checkin_projector_code": "door_supervisor",
    "checkin:self_kiosk": "door_supervisor",
    "checkin:self_kiosk_checkin": "door_supervisor",
    "checkin:self_checkin_continue": "signed_in",
}
# Objects the world does not hold (a job, an issued certificate…): an allowed
# role may get 404 for them; the refusal of the others comes first anyway.
ABSENT = 999_999
MAY_BE_MISSING = {
    "participants:import_preview",
    "certificates:settings_image",
    "certificates:pdf",
    "certificates:revoke",
    "certificates:reissue",
    "certificates:job_status",
    "certificates:job_download",
    "checkin:attendance_conflict_review",
    "checkin:door_device_revoke",
    "certificates:ticket",  # not eligible (yet): no certificate to download
    "competency:report_export",  # the matrix's "kind" names no export of it
    "competency:hr_viewer_revoke",  # the world grants no HR viewer
    "broadcasts:detail",
    "broadcasts:progress",
    "broadcasts:resend",
    "broadcasts:delivery_mark_sent",
    "broadcasts:template_update",
    "broadcasts:template_delete",
    "spj:person_edit",
    "spj:person_delete",
    "spj:photo_image",
    "spj:photo_delete",
    "spj:data_request",  # ?name= names a speaker of the agenda; the matrix gives none
}
# The API's writes answer 405 to GET before asking who is there: POST them.
POSTED = {
    "api:checkin_create",
    "api:checkin_batch",
    "api:checkin_manual",
    "api:checkin_undo",
    "participants:erasure_request_complete",  # a form's POST only
    "checkin:self_kiosk_checkin",
}


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern), entry


def _is_public(name: str) -> bool:
    return name in PUBLIC or any(p.endswith(":") and name.startswith(p) for p in PUBLIC)


def kind_of(name: str, route: str) -> str | None:
    if name in KINDS:
        return KINDS[name]
    if route.startswith("organiser/events/<slug:code>/"):
        return "event_organiser"
    return None


@pytest.fixture
def world():
    team, other_team = factories.default_team(), factories.TeamFactory(name="Bappeda")
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    steward = factories.EventStaffFactory(event=event)
    supervisor = factories.EventStaffFactory(event=event, role=StaffRole.SUPERVISOR)
    participant = factories.participant_user()
    own = factories.RegistrationFactory(event=event, participant__user=participant)
    other = factories.RegistrationFactory(event=event)
    # an automatic message of the event (its confirmation, queued, not sent)
    notify(Mail.CONFIRMED, [other.pk])
    confirmations = Message.objects.get(kind=Mail.CONFIRMED)
    factories.RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    checkin = factories.CheckInFactory(registration=other, session=session)
    invitation = factories.InvitationFactory(event=event)
    institution = factories.InstitutionFactory(is_confirmed=False)
    factories.CertificateSettingsFactory(event=event)
    administrator = factories.UserFactory(roles=[Role.ADMINISTRATOR])
    erasure = erasure_request_create(participant=own.participant, actor=participant)
    questionnaire = Questionnaire.objects.create(event=event, kind=QuestionnaireKind.EVENT)
    question = Question.objects.create(
        questionnaire=questionnaire, kind=QuestionKind.LIKERT, text="Materi bermanfaat"
    )
    users = {
        "anonymous": None,
        "participant": participant,
        "steward": steward.user,
        "supervisor": supervisor.user,
        "organiser": factories.organiser_user(teams=[team]),
        "other_organiser": factories.organiser_user(teams=[other_team]),
        "administrator": administrator,
    }
    return {
        "users": users,
        "event": event,
        "kwargs": {
            "code": event.code,
            "session_id": session.pk,
            "day": event.start_date.isoformat(),
            "action": "publish",
            "kind": "present",
            "fmt": "csv",
            "field": "background",
            "questionnaire": questionnaire.pk,
            "question": question.pk,
            "delivery": ABSENT,
            "doc": "daftar_honorarium",
            "ext": "pdf",
        },
        "questionnaire_code": questionnaire.code,
        "pk": {
            "organiser:session_edit": session.pk,
            "organiser:session_delete": session.pk,
            "organiser:session_move": session.pk,
            "organiser:staff_role": steward.pk,
            "organiser:staff_remove": steward.pk,
            "organiser:staff_notify": steward.pk,
            "broadcasts:automatic_detail": confirmations.pk,
            "broadcasts:automatic_resend": confirmations.pk,
            "organiser:institution_edit": institution.pk,
            "participants:institution_action": institution.pk,
            "participants:invitation_update": invitation.pk,
            "participants:invitation_action": invitation.pk,
            "participants:ticket_detail": own.pk,
            "participants:ticket_qr": own.pk,
            "participants:ticket_pdf": own.pk,
            "participants:ticket_cancel": own.pk,
            "participants:ticket_whatsapp_withdraw": own.pk,
            "participants:ticket_announcements_resubscribe": own.pk,
            "participants:ticket_announcements_unsubscribe": own.pk,
            "participants:ticket_whatsapp_consent": own.pk,
            "certificates:ticket": own.pk,
            "certificates:registration": other.pk,
            "certificates:exception": other.pk,
            "certificates:issue": other.pk,
            "api:checkin_undo": checkin.pk,
            "api:session_attendance": session.pk,
            "api:session_search": session.pk,
            "participants:erasure_request_complete": erasure.pk,
            "evaluations:answer": own.pk,
            "evaluations:save": own.pk,
            **{
                f"evaluations:{name}": questionnaire.pk
                for name in (
                    "organiser_detail",
                    "question_add",
                    "question_action",
                    "speaker_blocks",
                    "preview",
                    "qr",
                )
            },
        },
        "default_pk": other.pk,
        "body": {
            "api:checkin_create": {"session": session.pk, "token": own.token},
            "api:checkin_manual": {
                "session": session.pk,
                "registration": own.pk,
                "reason": "Ticket at home",
            },
            "api:checkin_batch": {
                "attempts": [{"session": session.pk, "token": own.token, "client_id": "matrix-1"}]
            },
            "api:checkin_undo": {"reason": "Scanned by mistake"},
            "participants:erasure_request_complete": {},
            "checkin:self_kiosk_checkin": {"token": own.token},
        },
    }


def _url(world, name: str, entry: URLPattern) -> str:
    kwargs = {}
    for key in entry.pattern.converters:
        if key == "pk":
            kwargs[key] = world["pk"].get(name, ABSENT if name in MAY_BE_MISSING else None)
            if kwargs[key] is None:
                kwargs[key] = world["default_pk"]
        else:
            kwargs[key] = world["kwargs"][key]
    if name == "participants:ticket_qr":
        kwargs["fmt"] = "svg"
    if name == "evaluations:link":
        kwargs["code"] = world["questionnaire_code"]
    return reverse(name, kwargs=kwargs)


def _status(client, world, name: str, url: str) -> int:
    if name not in POSTED:
        response = client.get(url)
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            return 401
        return response.status_code
    body = json.dumps(world["body"][name])
    response = client.post(url, body, content_type="application/json")
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return 401
    if name == "api:checkin_batch" and response.status_code == 200:
        # One answer per queued scan, each with the status its own request would get.
        return response.json()["results"][0]["status"]
    return response.status_code


def test_every_url_is_in_the_matrix():
    unclassified = [
        (name, route)
        for name, route, _entry in _patterns()
        if not name.startswith("admin:")
        and not name.startswith("account")
        and not _is_public(name)
        and kind_of(name, route) is None
        and name not in ("favicon",)
        and not route.startswith("accounts/")
        and name != ":"
    ]
    assert unclassified == [], "give these URLs a kind in the penetration matrix"


@pytest.mark.parametrize("role", ROLES)
def test_penetration_matrix(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    wrong = []
    for name, route, entry in _patterns():
        kind = kind_of(name, route)
        if kind is None or name.startswith("admin:"):
            continue
        url = _url(world, name, entry)
        status = _status(client, world, name, url)
        if role == "anonymous":
            if status not in (401, 403):
                wrong.append(f"{url} [{name}] answered the anonymous visitor {status}")
            continue
        may = role in ALLOWED[kind] or (kind == "signed_in")
        if may and status in (403, 404) and not (status == 404 and name in MAY_BE_MISSING):
            wrong.append(f"{url} [{name}] refused {role} ({status})")
        if not may and status not in (403, 404):
            wrong.append(f"{url} [{name}] let {role} in ({status})")
    assert wrong == [], "\n".join(wrong)


def test_other_teams_organiser_sees_none_of_the_event_in_lists(client, world):
    event = world["event"]
    client.force_login(world["users"]["other_organiser"])

    dashboard = client.get(reverse("organiser:event_list"))
    door = client.get(reverse("checkin:door_home"))

    assert event.code not in dashboard.text and event.title not in dashboard.text
    assert event.code not in door.text


def test_the_teams_organiser_and_the_administrator_see_the_event_in_lists(client, world):
    event = world["event"]
    for role in ("organiser", "administrator"):
        client.force_login(world["users"][role])
        assert event.title in client.get(reverse("organiser:event_list")).text
        assert event.code in client.get(reverse("checkin:door_home")).text


def test_checkins_are_untouched_by_refused_roles(client, world):
    before = CheckIn.objects.count()
    client.force_login(world["users"]["other_organiser"])
    for name in POSTED:
        entry = next(e for n, _r, e in _patterns() if n == name)
        _status(client, world, name, _url(world, name, entry))
    assert CheckIn.objects.count() == before
