"""The page chrome and the form's reads of 2026-12-08 (helper ``pages``)
against what they replaced, alternated in one process: the A/B without the
machine's drift between runs.

"before" renders the navigation bar and the footer through their includes
(the chrome tag told that it cannot keep them) and reads the form's
event, institutions, categories, profile and registration state with the ORM
queries they replaced (kept below as the reference); "after" is the code as it is. Pages: the
sign-up form, a ticket page and "My tickets" of a signed-in participant.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_bench_x \\
        .venv/bin/python bench/chrome_ab.py --rounds 8 --pages 20

Prints the median CPU of the Django process per page, per round and
overall, for each variant; both print the same bytes (checked here, CSRF
tokens and CSP nonces aside). The database must exist and be migrated (as
for bench/pages_profile.py).
"""

import argparse
import os
import re
import statistics
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

RANDOM = re.compile(rb'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"')


def _orm_reads():
    """The ORM reads that bimtek.raw_rows and participants.form_choices replaced."""
    from allauth.account.models import EmailAddress
    from django.db.models import F, Q

    from bimtek.models import Event, Institution, InstitutionCategory
    from participants.models import Participant, Registration
    from participants.models.registrations import RegistrationRole, RegistrationStatus

    def institution_choices(extra_pk=None):
        allowed = Q(is_confirmed=True)
        if extra_pk is not None:
            allowed |= Q(pk=extra_pk)
        rows = (
            Institution.objects.filter(allowed)
            .order_by("category__sort_order", "category__name", "name")
            .values_list("pk", "name", "short_name", "category__name", "category__name_en")
        )
        groups: dict[str, list] = {}
        for pk, name, short, category, category_en in rows:
            label = f"{name} ({short})" if short and short != name else name
            groups.setdefault(InstitutionCategory.label(category, category_en), []).append(
                (pk, label)
            )
        return list(groups.items())

    def category_choices():
        rows = InstitutionCategory.objects.values_list("pk", "name", "name_en")
        return [(pk, InstitutionCategory.label(name, name_en)) for pk, name, name_en in rows]

    def participant_for_form(user):
        if not user.is_authenticated:
            return None
        addresses = EmailAddress.objects.filter(user=user, verified=True).values("email")
        return (
            Participant.objects.filter(Q(user=user) | Q(user__isnull=True, email__in=addresses))
            .select_related("institution")
            .order_by(F("user_id").desc(nulls_last=True), "pk")
            .first()
        )

    def own_registration(*, event, user):
        return (
            Registration.objects.filter(event=event, participant__user=user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )

    def seats_left(event):
        if event.capacity is None:
            return None
        taken = Registration.objects.filter(
            event=event, status=RegistrationStatus.APPROVED, role=RegistrationRole.PARTICIPANT
        ).count()
        return max(event.capacity - taken, 0)

    def event_by_code(code):
        return Event.objects.filter(code=code).first()

    return {
        "event_by_code": event_by_code,
        "own_registration": own_registration,
        "seats_left": seats_left,
        "institution_choices": institution_choices,
        "category_choices": category_choices,
        "participant_for_form": participant_for_form,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", common.DEFAULT_DATABASE_URL),
    )
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--pages", type=int, default=20, help="pages per variant and round")
    args = parser.parse_args()
    env = common.server_env(args.database_url, ALLOWED_HOSTS="testserver", LOG_LEVEL="WARNING")
    code = f"bench-chrome-{int(time.time())}"
    signups = common.seed(env, "registration", "--users", "4", "--capacity", "2", "--code", code)
    portal = common.seed(env, "portal", "--users", "2", "--code", f"{code}-p")
    os.environ.update(env)

    import django

    django.setup()
    from django.test import Client

    from bimtek.templatetags import bimtek_chrome
    from participants import form_choices, selectors
    from participants import forms as person_forms
    from participants.views import register as register_view

    after = {
        "usable": bimtek_chrome._usable,
        "institution_choices": form_choices.institution_choices,
        "category_choices": form_choices.category_choices,
        "participant_for_form": selectors.participant_for_form,
        "own_registration": selectors.own_registration,
        "seats_left": selectors.seats_left,
        "event_by_code": register_view.event_by_code,
    }
    before = {"usable": lambda context: False, **_orm_reads()}

    def use(variant: dict) -> None:
        bimtek_chrome._usable = variant["usable"]
        for module in (form_choices, person_forms):  # the forms import them by name
            module.institution_choices = variant["institution_choices"]
            module.category_choices = variant["category_choices"]
        selectors.participant_for_form = variant["participant_for_form"]
        selectors.own_registration = variant["own_registration"]
        selectors.seats_left = variant["seats_left"]
        register_view.event_by_code = variant["event_by_code"]

    client = Client()
    holder = portal["clients"][0]
    pages = {
        "form": (signups["clients"][0]["cookies"], f"/events/{signups['event']}/register/"),
        "ticket page": (holder["cookies"], f"/tickets/{holder['ticket']}/"),
        "tickets": (holder["cookies"], "/tickets/"),
    }

    def page(name: str, variant: dict) -> tuple[float, bytes]:
        use(variant)
        cookies, url = pages[name]
        client.cookies = SimpleCookie(cookies)
        started = time.process_time()
        response = client.get(url)
        spent = (time.process_time() - started) * 1000
        assert response.status_code == 200, (name, response.status_code)
        return spent, RANDOM.sub(b"", response.content)

    for name in pages:
        for _ in range(10):  # warm both variants
            page(name, before), page(name, after)
        assert page(name, before)[1] == page(name, after)[1], f"{name}: the variants differ"
    results = {(name, v): [] for name in pages for v in ("before", "after")}
    for number in range(args.rounds):
        order = ("before", "after") if number % 2 == 0 else ("after", "before")
        line = []
        for name in pages:
            for label in order:
                variant = before if label == "before" else after
                times = [page(name, variant)[0] for _ in range(args.pages)]
                results[name, label].extend(times)
                line.append(f"{name} {label} {statistics.median(times):.2f}")
        print(f"round {number + 1}: " + ", ".join(line) + " ms", flush=True)
    use(after)
    print("median Django CPU per page:")
    for name in pages:
        old, new = (statistics.median(results[name, v]) for v in ("before", "after"))
        print(f"  {name:12} before {old:6.2f} ms, after {new:6.2f} ms ({(new - old) / old:+.0%})")


if __name__ == "__main__":
    main()
