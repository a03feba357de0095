"""CPU per self check-in against CPU per door scan, in one process through
Django's test client (every middleware, the views, the door's service)
against a fresh PostgreSQL benchmark database, one connection.

A door scan: POST /api/v1/checkins/ by a steward (the scanner's request).
A self check-in: the phone opening the projector's code, GET /c/<session>/
<step>/<mac>/ (rate limits counted, the code checked, the participant's
registration found, the check-in recorded, the answer kept in the session),
and then the answer page it is sent to. Each participant is signed in
before (signing in is not measured).

The two are measured in alternating rounds (the machine's speed drifts):
each round's CPU per request (Django's process and the PostgreSQL backend),
then the median of the rounds and the ratio self / door.

    .venv/bin/python bench/selfcheckin.py --rounds 7 --per-round 60
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bimtek_selfcheckin_bench"


def seed(people: int):
    import datetime as dt

    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role, grant_role
    from bimtek.models import Event, EventStaff, Institution, InstitutionCategory, Session, Team
    from bimtek.models.events import EventStatus, StaffRole
    from checkin.models import SelfCheckInSettings
    from participants.models import Participant, Registration
    from participants.models.registrations import RegistrationStatus

    now = timezone.now()
    category = InstitutionCategory.objects.order_by("pk").first()
    institution = Institution.objects.create(name="Dinas Kominfo", category=category)
    event = Event.objects.create(
        title="Bench self check-in",
        code="bench-self",
        venue="Aula",
        city="Tanjungpinang",
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        status=EventStatus.PUBLISHED,
        capacity=people * 2,
        team=Team.objects.order_by("pk").first(),
    )
    sessions = [
        Session.objects.create(
            event=event,
            title=f"Sesi {n}",
            starts_at=now - dt.timedelta(minutes=10),
            ends_at=now + dt.timedelta(hours=3),
        )
        for n in range(2)
    ]
    SelfCheckInSettings.objects.create(event=event, enabled=True)
    steward = User.objects.create_user(email="petugas@bench.example", password=None)
    EventStaff.objects.create(event=event, user=steward, role=StaffRole.STEWARD)
    users, tokens = [], []
    for n in range(people):
        user = User.objects.create_user(email=f"peserta{n}@bench.example", password=None)
        grant_role(user, Role.PARTICIPANT)
        participant = Participant.objects.create(
            full_name=f"Peserta {n}", institution=institution, email=user.email, user=user
        )
        registration = Registration.objects.create(
            event=event, participant=participant, status=RegistrationStatus.APPROVED
        )
        users.append(user)
        tokens.append(registration.token)
    return sessions, steward, users, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--per-round", type=int, default=60)
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="switch the rate limits off (their cost)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print where a self check-in's CPU goes"
    )
    args = parser.parse_args()
    env = common.server_env(
        args.database_url,
        ALLOWED_HOSTS="testserver",
        # One address sends everything here: its limit must not refuse the bench
        # (it is still counted, as in production).
        SELF_CHECKIN_RATE_ADDRESS="0" if args.no_rate_limits else "1000000",
        SELF_CHECKIN_RATE_ACCOUNT="0" if args.no_rate_limits else "10",
    )
    common.prepare_database(env)
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from checkin.models import CheckIn
    from checkin.selfcodes import projector_code

    warm = 50
    people = warm + args.rounds * args.per_round
    (door_session, self_session), steward, users, tokens = seed(people)
    door_client = Client()
    door_client.force_login(steward)
    # One client for every phone (a Client builds its middleware on its first
    # request; WhiteNoise's start-up would be measured once per phone), each
    # request with that participant's session cookie.
    phone = Client()
    cookies = []
    for user in users:
        signing_in = Client()  # force_login makes no request: no middleware
        signing_in.force_login(user)
        cookies.append(signing_in.cookies["sessionid"].value)

    def door(index: int) -> None:
        body = {
            "token": tokens[index],
            "session": door_session.pk,
            "device": "Pintu 1",
            "client_id": uuid.uuid4().hex,
        }
        response = door_client.post(
            "/api/v1/checkins/", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 200 and response.json()["result"] == "ok", response.content

    def self_checkin(index: int, *, answer_page: bool) -> None:
        path = projector_code(session_id=self_session.pk, rotation_seconds=10).path
        phone.cookies["sessionid"] = cookies[index]
        response = phone.get(path)
        assert response.status_code == 302, response.status_code
        if answer_page:
            page = phone.get(response["Location"])
            assert b'data-result="ok"' in page.content, page.content[:500]

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def measure(run, indexes) -> float:
        pg_before, py_before = common.cpu_seconds(backend), time.process_time()
        for index in indexes:
            run(index)
        py = time.process_time() - py_before
        pg = common.cpu_seconds(backend) - pg_before
        return (py + pg) / len(indexes) * 1000

    for index in range(warm - 20 if args.profile else warm):  # imports, statements, templates
        door(index)
        self_checkin(index, answer_page=True)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for index in range(warm - 20, warm):
            self_checkin(index, answer_page=False)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    rows = {"door": [], "self": [], "self_with_answer": []}
    for round_ in range(args.rounds):
        start = warm + round_ * args.per_round
        half = args.per_round // 2
        first, second = range(start, start + half), range(start + half, start + args.per_round)
        rows["door"].append(measure(door, range(start, start + args.per_round)))
        rows["self"].append(measure(lambda i: self_checkin(i, answer_page=False), first))
        rows["self_with_answer"].append(
            measure(lambda i: self_checkin(i, answer_page=True), second)
        )
    medians = {name: statistics.median(values) for name, values in rows.items()}
    print(f"{args.rounds} rounds of {args.per_round} requests; CPU (Django + PostgreSQL), ms")
    for name, values in rows.items():
        shown = " ".join(f"{value:.2f}" for value in values)
        print(f"  {name:17} median {medians[name]:.2f}  rounds: {shown}")
    print(f"  ratio self / door: {medians['self'] / medians['door']:.2f}")
    print(
        f"  ratio self with answer page / door: {medians['self_with_answer'] / medians['door']:.2f}"
    )
    assert CheckIn.objects.filter(session=self_session, method="self").count() == people
    connection.close()
    common.drop_database(args.database_url)


if __name__ == "__main__":
    main()
