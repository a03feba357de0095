"""Every page each role can reach satisfies the Content-Security-Policy.

A real browser signs in as each demo role, follows every link it is shown
(starting from the home page and the navigation), and fails on any CSP
violation, console error, uncaught exception or error status. New pages are
covered as soon as a link leads to them.
"""

import re
from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from accounts.models import User
from demo.seed import seed_demo
from tests.e2e.conftest import sign_in

# Pages of the same shape (another id, another page number) are visited once.
MAX_PAGES_PER_ROLE = 80
NUMBER = re.compile(r"\d+")
# Links a crawler must not follow: they change state or leave the HTML pages.
# A ticket's certificate link answers with the PDF itself (a download).
SKIP = re.compile(r"/(logout|delete)/?$|/tickets/\d+/certificate/$|\.(ics|pdf|xlsx|csv|zip|json)$")

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return NUMBER.sub("#", parts.path) + ("?" + "&".join(keys) if keys else "")


def _crawl(context, base_url: str) -> tuple[list[str], list[str]]:
    """Visit every same-site page reachable from "/"; return (visited, problems)."""
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))

    queue = deque(["/"])
    seen_shapes = {_shape("/")}
    visited, problems = [], []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        console.clear()
        try:
            response = page.goto(path, wait_until="load")
        except PlaywrightError as error:
            # A link whose answer is a file (a Word document, a ZIP…) under a
            # path SKIP does not know: a download, not a page to check.
            if "Download is starting" in str(error):
                continue
            raise
        if not path.startswith("/admin/"):
            # Our pages may fetch after load (htmx); Django's admin does not.
            page.wait_for_load_state("networkidle")
        visited.append(path)
        if response is None or response.status >= 400:
            problems.append(f"{path}: HTTP {response.status if response else 'no response'}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if "content-security-policy" not in response.headers:
            problems.append(f"{path}: no Content-Security-Policy header")
        violations = page.evaluate("window.__cspViolations || []")
        problems += [f"{path}: CSP {violation}" for violation in violations]
        problems += [f"{path}: console {text}" for text in console]

        hrefs = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != base_url:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith("/admin/") and parts.query:
                continue  # the admin's filters and popups: the same templates again
            if SKIP.search(parts.path) or _shape(target) in seen_shapes:
                continue
            seen_shapes.add(_shape(target))
            queue.append(target)
    page.close()
    return visited, problems


@pytest.mark.django_db(transaction=True)
def test_every_page_of_every_role_satisfies_the_csp(new_context, live_server):
    logins = seed_demo().logins
    roles = [("anonymous", None)] + [
        (role, User.objects.get(email=email)) for role, email, _password in logins
    ]

    report, visited_by_role = [], {}
    for role, user in roles:
        context = new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        if user is not None:
            sign_in(context, user, live_server)
        visited, problems = _crawl(context, live_server.url)
        visited_by_role[role] = visited
        report += [f"[{role}] {problem}" for problem in problems]
        context.close()

    assert not report, "\n".join(report)
    # The crawl reached each role's own pages, not just the home page.
    assert "/organiser/" in visited_by_role["organiser"]
    assert "/door/" in visited_by_role["door_steward"]
    assert "/tickets/" in visited_by_role["participant"]
    assert any(path.startswith("/admin/") for path in visited_by_role["superuser"])
    assert any(path.startswith("/events/") for path in visited_by_role["anonymous"])
