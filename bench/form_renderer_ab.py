"""The sign-up form page with the field renderer writing the fields in
Python against the same renderer through django-bootstrap5's and Django's
templates (``FieldRenderer.templates = True``), alternated in one process:
the A/B of bimtek.widget_html without the machine's drift between runs.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_bench_x \\
        .venv/bin/python bench/form_renderer_ab.py --rounds 8 --pages 20

Prints the median CPU of the Django process per form page, per round and
overall, for each variant; both render the same bytes (checked here too).
The database must exist and be migrated (as for bench/pages_profile.py).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", common.DEFAULT_DATABASE_URL),
    )
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--pages", type=int, default=20, help="form pages per variant and round")
    args = parser.parse_args()
    env = common.server_env(args.database_url, ALLOWED_HOSTS="testserver", LOG_LEVEL="WARNING")
    code = f"bench-ab-{int(time.time())}"
    people = common.seed(env, "registration", "--users", "4", "--capacity", "2", "--code", code)
    os.environ.update(env)

    import django

    django.setup()
    from django.test import Client

    from bimtek.widgets import FieldRenderer

    client = Client()
    client.cookies = SimpleCookie(people["clients"][0]["cookies"])
    url = f"/events/{people['event']}/register/"
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')

    def page(templates: bool) -> tuple[float, bytes]:
        FieldRenderer.templates = templates
        started = time.process_time()
        response = client.get(url)
        spent = (time.process_time() - started) * 1000
        assert response.status_code == 200, response.status_code
        return spent, token.sub(b"", response.content)

    for _ in range(10):  # warm both variants
        page(True), page(False)
    assert page(True)[1] == page(False)[1], "the two variants print different pages"
    results: dict[str, list[float]] = {"templates": [], "python": []}
    for number in range(args.rounds):
        order = ("templates", "python") if number % 2 == 0 else ("python", "templates")
        line = []
        for variant in order:
            times = [page(variant == "templates")[0] for _ in range(args.pages)]
            results[variant].extend(times)
            line.append(f"{variant} {statistics.median(times):.2f}")
        print(f"round {number + 1}: " + ", ".join(line) + " ms")
    FieldRenderer.templates = False
    before, after = (statistics.median(results[v]) for v in ("templates", "python"))
    print(
        f"median Django CPU per form page: templates {before:.2f} ms, python {after:.2f} ms "
        f"({(after - before) / before:+.0%})"
    )


if __name__ == "__main__":
    main()
