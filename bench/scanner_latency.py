"""The scanner page in a real browser: the time from the last keystroke of a
keyboard-wedge scan (the terminator) to its answer on screen, over N scans of
different tickets, online, against gunicorn with the production settings on
PostgreSQL. Measured inside the page (performance.now() at the terminator's
keydown, and at the first animation frame after the answer is in the page),
so Playwright's own round trips are left out. Prints median and p95; see
docs/benchmarks.md.

    .venv/bin/python bench/scanner_latency.py
    .venv/bin/python bench/scanner_latency.py --scans 200 --terminator Tab

Creates (drops first) the database of --database-url, whose name must
contain "bench". Needs Debian's Chromium (/usr/bin/chromium or $CHROMIUM_PATH).
"""

import argparse
import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bimtek_scanner_bench"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

# Registered before the page's own scripts: the terminator's keydown (window,
# capture phase: before the scanner's listener on document) and each final
# answer (not the "checking" state) shown in the answer panel.
PROBE = """
window.__bench = { key: 0, answers: [] };
window.addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === "Tab") window.__bench.key = performance.now();
}, { capture: true });
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.querySelector("[data-answer]");
  new MutationObserver((records) => {
    const result = panel.dataset.result;
    if (panel.hidden || !result || result === "checking") return;
    if (!records.some((record) => record.attributeName === "data-result")) return;
    const key = window.__bench.key;
    const inPage = performance.now();
    requestAnimationFrame(() => {
      window.__bench.answers.push({ result, dom: inPage - key, frame: performance.now() - key });
    });
  }).observe(panel, { attributes: true, attributeFilter: ["data-result", "hidden"] });
});
"""


def measure(base: str, data: dict, *, scans: int, terminator: str) -> dict:
    from playwright.sync_api import sync_playwright

    client = data["clients"][0]
    host = urlsplit(base).hostname
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context(base_url=base, locale="id-ID")
        context.add_cookies(
            [
                {"name": name, "value": value, "domain": host, "path": "/"}
                for name, value in client["cookies"].items()
            ]
        )
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto(f"/door/{data['event']}/sessions/{data['sessions'][0]}/")
        page.wait_for_selector("#scanner[data-ready='true']")
        page.wait_for_selector(
            "[data-door-status][data-state='online']", state="attached", timeout=60_000
        )
        tokens = data["tokens"][:scans]
        for number, token in enumerate(tokens, start=1):
            page.keyboard.type(token, delay=5)
            page.keyboard.press(terminator)
            page.wait_for_function(
                "(n) => window.__bench.answers.length >= n", arg=number, timeout=15_000
            )
        answers = page.evaluate("window.__bench.answers")
        browser.close()
    results = {}
    for answer in answers:
        results[answer["result"]] = results.get(answer["result"], 0) + 1
    frame = [answer["frame"] / 1000 for answer in answers]
    dom = [answer["dom"] / 1000 for answer in answers]
    return {
        "scans": len(answers),
        "results": results,
        "to_answer_on_screen": common.latency_summary(frame),
        "to_answer_in_page": common.latency_summary(dom),
        "median_ms": round(statistics.median(a["frame"] for a in answers), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--terminator", default="Enter", choices=["Enter", "Tab"])
    args = parser.parse_args()
    started = common.machine()
    env = common.server_env(args.database_url)
    common.prepare_database(env)
    data = common.seed(
        env,
        "door",
        "--registrations",
        str(max(args.registrations, args.scans)),
        "--scanners",
        "1",
        "--sessions",
        "1",
        "--code",
        "bench-scan",
    )
    try:
        with common.gunicorn(env, workers=2, threads=4, log="scanner_latency.log") as (base, _p):
            result = measure(base, data, scans=args.scans, terminator=args.terminator)
    finally:
        common.drop_database(args.database_url)
    summary = result["to_answer_on_screen"]
    common.report(
        "scanner_latency",
        machine_at_start=started,
        summary=(
            f"{result['scans']} wedge scans ({args.terminator}): last keystroke to answer on "
            f"screen median {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms"
        ),
        **result,
    )


if __name__ == "__main__":
    main()
