"""1,000 participants sending a 20-question evaluation within 5 minutes
(issue 19), against the app under gunicorn (production settings,
PostgreSQL; bench/common.gunicorn, as the other load benchmarks). Open loop:
person k starts at k × seconds / people whether or not the others were
answered. Each phone does what a real one does: opens the questionnaire page,
saves its 20 answers as it goes (one autosave request, JSON), and sends the
form. Reports p50/p95/p99 per step and of the whole submission (from its
planned start), the errors, the server's CPU (gunicorn + PostgreSQL) per
submission, and then counts the rows: every person answered has one sent
submission, one response and 20 answers; nothing half-written.

    .venv/bin/python bench/evaluations_load.py --people 1000 --seconds 300
    .venv/bin/python bench/evaluations_load.py --people 1000 --seconds 300 --named

``--named``: the evaluation is not anonymous (responses linked to their
submission); by default it is anonymous, as event evaluations usually are.
BENCH_DATABASE_URL or --database-url names the database (dropped and made).
"""

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench import common, load

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bimtek_evaluations_load_bench"
QUESTIONS = 20
RETRIES = 2


async def _done(response):
    return response


def seed(people: int, *, anonymous: bool) -> tuple:
    """An event, its 20-question evaluation (10 scale, 5 single and 3
    multiple choice, a short and a long text) and ``people`` signed-in
    participants with an approved ticket; their answers planned."""
    import datetime as dt

    from django.utils import timezone

    from accounts.roles import Role
    from bench.seed import event, signed_in, users
    from bench.seed import people as participants_for
    from evaluations.models import QuestionKind, QuestionnaireKind
    from evaluations.services import questionnaires as builder
    from participants.models import Registration
    from participants.models.registrations import RegistrationStatus

    bimtek = event("bench-eval", start=timezone.localdate() - dt.timedelta(days=1))
    evaluation = builder.questionnaire_create(
        actor=None, event=bimtek, kind=QuestionnaireKind.EVENT, anonymous=anonymous
    )
    kinds = (
        [QuestionKind.LIKERT] * 10
        + [QuestionKind.SINGLE] * 5
        + [QuestionKind.MULTIPLE] * 3
        + [QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT]
    )
    questions = [
        builder.question_add(
            actor=None,
            questionnaire=evaluation,
            kind=kind,
            text=f"Pertanyaan {index}",
            options="Baik\nCukup\nKurang\nSangat kurang",
        )
        for index, kind in enumerate(kinds, start=1)
    ]
    accounts = users("eval-", people, role=Role.PARTICIPANT, name="Peserta")
    persons = participants_for("eval-", people, accounts=accounts)
    tickets = Registration.objects.bulk_create(
        Registration(event=bimtek, participant=person, status=RegistrationStatus.APPROVED)
        for person in persons
    )
    clients = signed_in(accounts)
    for index, (client, ticket) in enumerate(zip(clients, tickets, strict=True)):
        client["ticket"] = ticket.pk
        client["answers"] = answers_for(questions, index)
    return evaluation, clients


def answers_for(questions, index: int) -> dict[str, object]:
    answers: dict[str, object] = {}
    for question in questions:
        options = [option.pk for option in question.options.all()]
        key = str(question.pk)
        if question.kind == "likert":
            answers[key] = 1 + index % 5
        elif question.kind == "single":
            answers[key] = options[index % len(options)]
        elif question.kind == "multiple":
            answers[key] = options[: 1 + index % 3]
        else:
            answers[key] = f"Saran peserta nomor {index}: materi sangat membantu pekerjaan."
    return answers


def form_of(answers: dict[str, object], csrf: str) -> dict[str, str | list[str]]:
    """The answer page's form as the browser posts it, with "Kirim"."""
    form: dict[str, str | list[str]] = {"csrfmiddlewaretoken": csrf, "submit": "1"}
    for key, value in answers.items():
        form[f"q{key}"] = [str(item) for item in value] if isinstance(value, list) else str(value)
    return form


def rows_after(evaluation) -> dict:
    """What the run left in the database."""
    from django.db.models import Count

    from evaluations.models import Answer, Response, Submission

    responses = Response.objects.filter(questionnaire=evaluation)
    sizes = responses.annotate(n=Count("answers")).values_list("n", flat=True)
    return {
        "submissions_sent": Submission.objects.filter(
            questionnaire=evaluation, submitted_at__isnull=False
        ).count(),
        "submissions_not_sent": Submission.objects.filter(
            questionnaire=evaluation, submitted_at__isnull=True
        ).count(),
        "responses": responses.count(),
        "answers": Answer.objects.filter(response__questionnaire=evaluation).count(),
        "responses_not_complete": sum(1 for n in sizes if n != QUESTIONS),
        "responses_linked": responses.filter(submission__isnull=False).count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--named", action="store_true", help="not anonymous")
    args = parser.parse_args()
    env = common.server_env(args.database_url)
    common.prepare_database(env)
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection
    from django.urls import reverse

    started = time.perf_counter()
    evaluation, people = seed(args.people, anonymous=not args.named)
    seeding = time.perf_counter() - started
    connection.close()

    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request
    machine_at_start = common.machine()
    with common.gunicorn(env, workers=args.workers, threads=args.threads) as (base, process):
        recorder = load.Recorder()
        clients = [load.client(base, cookies=person["cookies"]) for person in people]

        def saved(response):
            ok = response.json().get("ok") is True
            return ("saved" if ok else "not saved"), ok

        def sent(response):
            ok = "/tickets/" in response.headers.get("location", "")
            return ("sent" if ok else "sent elsewhere"), ok

        async def attempt(step: str, send, *, expect=(200,), classify=None):
            """One step; a connection a restarting worker closed (gunicorn's
            max_requests) is tried again, as the page's script re-sends a
            save and a person taps "Kirim" again; counted apart."""
            started = time.perf_counter()
            for tries in range(RETRIES + 1):
                try:
                    response = await send()
                except httpx.TransportError as exc:
                    if tries == RETRIES:
                        recorder.error(step, type(exc).__name__, time.perf_counter() - started)
                        return None
                    recorder.outcomes[f"{step}: retried after {type(exc).__name__}"] += 1
                    await asyncio.sleep(0.5 * (tries + 1))
                    continue
                return await recorder.timed(
                    step, _done(response), expect=expect, since=started, classify=classify
                )
            return None

        async def phone(k: int, client, planned: float) -> None:
            person = people[k]
            kwargs = {"pk": person["ticket"], "questionnaire": evaluation.pk}
            page = reverse("evaluations:answer", kwargs=kwargs)
            if await attempt("open page", lambda: client.get(page)) is None:
                return
            save = reverse("evaluations:save", kwargs=kwargs)
            saving = await attempt(
                "autosave (20 answers)",
                lambda: client.post(
                    save,
                    json={"answers": person["answers"]},
                    headers={"X-CSRFToken": person["csrf"]},
                ),
                classify=saved,
            )
            if saving is None:
                return
            form = form_of(person["answers"], person["csrf"])
            sending = await attempt(
                "send", lambda: client.post(page, data=form), expect=(302,), classify=sent
            )
            if sending is not None:
                recorder.latencies["whole submission"].append(time.perf_counter() - planned)

        async def run() -> float:
            try:
                return await load.open_loop(clients, phone, rate=args.people / args.seconds)
            finally:
                await asyncio.gather(*(client.aclose() for client in clients))

        with common.ServerMonitor(process.pid, args.database_url) as monitor:
            elapsed = asyncio.run(run())
        result = recorder.summary(elapsed)
        cpu = common.cpu_per_request(monitor.result, args.people)
    rows = rows_after(evaluation)
    connection.close()
    print(
        json.dumps(
            {
                "people": args.people,
                "seconds": args.seconds,
                "questions": QUESTIONS,
                "anonymous": not args.named,
                "gunicorn": f"{args.workers}x{args.threads}",
                "seeding_s": round(seeding, 1),
                "elapsed_s": result["seconds"],
                "errors": result["errors"],
                "outcomes": result["outcomes"],
                "error_kinds": result["error_kinds"],
                "error_samples": result["error_samples"],
                "latency_by_step": result["latency_by_step"],
                "server_cpu_per_submission": cpu,
                "rows_after": rows,
                "machine_at_start": machine_at_start,
                "machine_at_end": common.machine(),
            },
            indent=2,
        )
    )
    common.drop_database(args.database_url)


if __name__ == "__main__":
    main()
