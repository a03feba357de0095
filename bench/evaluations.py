"""1,000 participants answering a 20-question evaluation (issue 19): each
saves all answers as they go (one autosave request with the 20 answers) and
then sends the form. In one process, one request at a time, through the
Django test client: prints the latency (median, p95) and the process CPU
per submission (autosave + send), errors, and a floor measured in the same
run (GET /healthz, the cheapest page), as ratios. Not a concurrent load
against gunicorn: see docs/benchmarks.md.

    .venv/bin/python bench/evaluations.py                  # SQLite (a throw-away test DB)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_eval_bench \
        .venv/bin/python bench/evaluations.py --participants 1000
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build(participants: int):
    from evaluations.models import QuestionKind, QuestionnaireKind
    from evaluations.services import questionnaires as builder
    from tests import factories

    event = factories.EventFactory(capacity=participants + 10)
    evaluation = builder.questionnaire_create(
        actor=None, event=event, kind=QuestionnaireKind.EVENT, anonymous=True
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
    registrations = [
        factories.RegistrationFactory(event=event, participant__user=factories.UserFactory())
        for _ in range(participants)
    ]
    return evaluation, questions, registrations


def answers_for(questions, index: int) -> dict:
    answers = {}
    for question in questions:
        options = [o.pk for o in question.options.all()]
        if question.kind == "likert":
            answers[str(question.pk)] = 1 + index % 5
        elif question.kind == "single":
            answers[str(question.pk)] = options[index % len(options)]
        elif question.kind == "multiple":
            answers[str(question.pk)] = options[: 1 + index % 3]
        else:
            answers[str(question.pk)] = f"Saran peserta nomor {index}"
    return answers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=1000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.urls import reverse

        from evaluations.models import Response, Submission

        started = time.perf_counter()
        evaluation, questions, registrations = build(args.participants)
        for question in questions:
            question.options.all()  # the options, read once for the answers
        print(f"database: {connection.vendor}; seeded in {time.perf_counter() - started:.0f} s")

        client = Client()
        floor_wall, floor_cpu = [], []
        for _ in range(200):
            cpu, wall = time.process_time(), time.perf_counter()
            client.get("/healthz")
            floor_cpu.append(time.process_time() - cpu)
            floor_wall.append(time.perf_counter() - wall)

        wall_save, wall_send, cpu_per, errors = [], [], [], 0
        for index, registration in enumerate(registrations):
            client = Client()
            client.force_login(registration.participant.user)
            kwargs = {"pk": registration.pk, "questionnaire": evaluation.pk}
            answers = answers_for(questions, index)
            form = {}
            for key, value in answers.items():
                form[f"q{key}"] = [str(v) for v in value] if isinstance(value, list) else value
            form["submit"] = "1"
            cpu = time.process_time()
            wall = time.perf_counter()
            saved = client.post(
                reverse("evaluations:save", kwargs=kwargs),
                json.dumps({"answers": answers}),
                content_type="application/json",
            )
            middle = time.perf_counter()
            sent = client.post(reverse("evaluations:answer", kwargs=kwargs), form)
            end = time.perf_counter()
            cpu_per.append(time.process_time() - cpu)
            wall_save.append(middle - wall)
            wall_send.append(end - middle)
            if saved.status_code != 200 or sent.status_code != 302:
                errors += 1
        submitted = Submission.objects.filter(submitted_at__isnull=False).count()
        responses = Response.objects.filter(questionnaire=evaluation).count()

        def ms(values, q=None):
            return 1000 * (statistics.median(values) if q is None else percentile(values, q))

        floor = ms(floor_cpu)
        print(f"{args.participants} participants, 20 questions; errors {errors}")
        print(f"submitted {submitted}, responses {responses} (anonymous: no link to anyone)")
        print(
            f"floor GET /healthz: CPU median {floor:.2f} ms, wall p95 {ms(floor_wall, 0.95):.2f} ms"
        )
        print(
            f"autosave (20 answers): wall median {ms(wall_save):.1f} ms, "
            f"p95 {ms(wall_save, 0.95):.1f} ms"
        )
        print(f"send: wall median {ms(wall_send):.1f} ms, p95 {ms(wall_send, 0.95):.1f} ms")
        per = ms(cpu_per)
        print(
            f"process CPU per submission (autosave + send): median {per:.1f} ms, "
            f"p95 {ms(cpu_per, 0.95):.1f} ms = {per / floor:.1f}x the floor"
        )
        total = sum(cpu_per)
        print(
            f"all {args.participants} submissions: {total:.1f} s of CPU in one process "
            f"({total / 300 * 100:.0f}% of one core over 5 minutes)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
