"""The report of `make bench` (bench/run_all.py): the figures as markdown, and
the "Latest `make bench`" section of docs/benchmarks.md rewritten with them."""

from bench import common, faults, floor

DOCS = common.ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- make-bench:begin -->", "<!-- make-bench:end -->"


def _n(value) -> str:
    """Milliseconds as people read them: 11.9, 292, 50,159."""
    if not isinstance(value, int | float) or value != value:  # missing, NaN
        return "–"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _ms(latency: dict) -> str:
    return " / ".join(_n(latency.get(key)) for key in ("p50_ms", "p95_ms", "p99_ms"))


def _numbering(count: int, correct: bool) -> str:
    verdict = "each number once, none missing" if correct else "WRONG: gaps or duplicates"
    return f"{count} certificates, numbers 1–{count}: {verdict}"


def _counts(counts: dict) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))


def _rss(result: dict) -> str:
    peak = result["server"]["peak_memory_mib"]
    server = peak.get("server", {})
    return f"{server.get('rss_mib')} ({server.get('pss_mib')})"


def _x(value, floor_ms) -> str:
    """A server CPU figure as a ratio to its floor, first: "**5.2×** floor"."""
    ratio = floor.ratio(value, floor_ms)
    return f"**{ratio}×** floor" if ratio is not None else "– × floor"


def _near(result: dict, kind: str, median: float | None) -> float | None:
    """The floor measured around a scenario (rounds before and after it),
    else the run's median floor."""
    return result.get("floor", {}).get(f"{kind}_cpu_ms") or median


def _floor_lines(report: dict) -> list[str]:
    f = report.get("floor")
    if not f:
        return []
    rounds = len(f["scan_rounds"])
    return [
        "",
        f"**The floor** (bench/floor_app.py under the same gunicorn settings, measured in "
        f"{rounds} rounds alternating with the scenarios; each ratio above uses the mean of "
        f"the rounds just before and after its scenario; medians of all rounds): a scan "
        f"parsing the same "
        f"JSON with one `INSERT … ON CONFLICT DO NOTHING` and one `SELECT` by token through "
        f"psycopg **{_n(f['scan_cpu_ms'])} ms** of server CPU (gunicorn "
        f"{_n(f['scan_gunicorn_cpu_ms'])} + PostgreSQL {_n(f['scan_postgres_cpu_ms'])}); a "
        f"minimal Django page rendering a small template with a form (and the form sent back) "
        f"**{_n(f['page_cpu_ms'])} ms**. Rounds: scan "
        + ", ".join(_n(r["server_cpu_ms"]) for r in f["scan_rounds"])
        + " ms; page "
        + ", ".join(_n(r["server_cpu_ms"]) for r in f["page_rounds"])
        + f" ms; errors {f['errors']}.",
    ]


def markdown(report: dict) -> str:
    load = report["load_average_1m"]
    scan_floor = report.get("floor", {}).get("scan_cpu_ms")
    page_floor = report.get("floor", {}).get("page_cpu_ms")
    lines = [
        f"Run {report['when']} with `{report['command']}`: {report['total_s']:.0f} s in all "
        f"(seeding {report['seeding_s']:.0f} s). Machine: {report['machine']['cpus']} cores, "
        f"Python {report['machine']['python']}; gunicorn {report['gunicorn']['workers']} "
        f"workers × {report['gunicorn']['threads']} threads (gunicorn.conf.py), PostgreSQL on "
        f"127.0.0.1, Redis {'for cache and sessions' if report['redis'] else 'not configured'}. "
        f"**1-minute load average during the run: {load['min']}–{load['max']} "
        f"(mean {load['mean']})** — above 2 means other work shared the two cores.",
        "",
        "| scenario | requests | throughput | p50 / p95 / p99 (ms) | errors | server CPU per "
        "request: ratio to its floor, then ms | peak RSS gunicorn + PostgreSQL, MiB (PSS) |",
        "|---|---|---|---|---|---|---|",
    ]
    if "registration" in report:
        r = report["registration"]
        db = r["database"]
        lines.append(
            f"| opening rush: {r['sign_ups']} sign-ups (form, submit, ticket page) for "
            f"{db['expected']['approved']} seats, arrivals over {report['sizes']['signup_ramp']} s "
            f"| {r['requests']} | {r['sign_ups_per_s']} sign-ups/s "
            f"| {_ms(r['latency_by_step'].get('sign-up (all three)', {}))} (whole sign-up) "
            f"| {r['errors']} | {_x(r['cpu'].get('server_cpu_ms'), _near(r, 'page', page_floor))}: "
            f"{r['cpu'].get('server_cpu_ms')} ms per page ({r['cpu_per_sign_up_ms']} ms "
            f"per sign-up) | {_rss(r)} |"
        )
    if "door" in report:
        door_floor = _near(report["door"], "scan", scan_floor)
        for key, title in (("door_rush", "door rush, open loop"), ("saturation", "saturation")):
            if key in report["door"]:
                r = report["door"][key]
                rate = (
                    f"{r.get('achieved_rate')} scans/s (planned {report['sizes']['door_rate']})"
                    if key == "door_rush"
                    else f"**{r['scans_per_s']} scans/s**"
                )
                lines.append(
                    f"| {title}: {report['sizes']['scanners']} scanners, "
                    f"{report['sizes']['door_registrations']} participants | {r['requests']} "
                    f"| {rate} | {_ms(r['latency'])} | {r['errors']} "
                    f"| {_x(r['cpu'].get('server_cpu_ms'), door_floor)}: "
                    f"{r['cpu'].get('server_cpu_ms')} ms (gunicorn "
                    f"{r['cpu'].get('gunicorn_cpu_ms')} + PostgreSQL "
                    f"{r['cpu'].get('postgres_cpu_ms')}) | {_rss(r)} |"
                )
    if "portal" in report:
        r = report["portal"]
        lines.append(
            f"| participant portal: {r['users']} people (tickets, ticket page, PDF ticket, "
            f"certificate), think time ~{r['think_s']} s | {r['requests']} "
            f"| {r['requests_per_s']} requests/s | {_ms(r['latency'])} | {r['errors']} "
            f"| {_x(r['cpu'].get('server_cpu_ms'), _near(r, 'page', page_floor))}: "
            f"{r['cpu'].get('server_cpu_ms')} ms | {_rss(r)} |"
        )
    if "bulk" in report:
        r = report["bulk"]
        poll = r["latency_by_step"].get("progress poll", {})
        lines.append(
            f"| bulk certificates: {r['certificates']} into one print PDF "
            f"({r['timeline'].get('download_mib')} MiB), worker peak RSS "
            f"**{r['worker_peak_rss_mib']} MiB** | {r['requests']} (page polls) "
            f"| {r['certificates_per_s']} certificates/s ({r['timeline'].get('seconds')} s; "
            f"issuing {r['timeline'].get('issue_phase_s')} s) | {_ms(poll)} (progress polls) "
            f"| {r['errors']} | — | {_rss(r)} |"
        )
    lines += _floor_lines(report)
    lines += ["", "Per step:", ""]
    if "registration" in report:
        steps = report["registration"]["latency_by_step"]
        lines.append(
            "- registration: "
            + "; ".join(f"{name} {_ms(value)} ms" for name, value in steps.items())
            + f"; result {_counts(report['registration']['database']['statuses'])} "
            f"({'correct' if report['registration']['database']['correct'] else 'WRONG'})"
        )
    if "portal" in report:
        steps = report["portal"]["latency_by_step"]
        lines.append(
            "- portal: "
            + "; ".join(f"{name} {_ms(value)} ms" for name, value in steps.items())
            + "; certificates issued on first download: "
            + _numbering(
                report["portal"]["certificates_issued"]["certificates"],
                report["portal"]["certificates_issued"]["no_gaps_no_duplicates"],
            )
        )
    if "bulk" in report:
        numbering = report["bulk"]["numbering"]
        lines.append(
            "- bulk certificates: " + _numbering(numbering["certificates"], numbering["correct"])
        )
    if "speed" in report:
        s = report["speed"]
        lines.append(
            f"- certificate rendering, one process: {s['cpu_ms_per_pdf']} ms CPU per PDF "
            f"(**{s['pdfs_per_s_per_core']} PDFs/s per core**), merged print PDF "
            f"{s['cpu_ms_per_merged_page']} ms per page "
            f"({s['merged_pages_per_s_per_core']} pages/s)"
        )
    faults_lines = []
    if "fault_worker_killed" in report:
        faults_lines.append("- " + faults.summarise_kill(report["fault_worker_killed"]))
    if "fault_redis_down" in report:
        faults_lines.append("- " + faults.summarise_redis(report["fault_redis_down"]))
    if "fault_database_restart" in report:
        faults_lines.append("- " + faults.summarise_restart(report["fault_database_restart"]))
    if faults_lines:
        lines += ["", "Faults:", "", *faults_lines]
    return "\n".join(lines) + "\n"


def write_docs(text: str) -> bool:
    content = DOCS.read_text()
    if BEGIN not in content or END not in content:
        return False
    before, rest = content.split(BEGIN, 1)
    _old, after = rest.split(END, 1)
    DOCS.write_text(f"{before}{BEGIN}\n{text}{END}{after}")
    return True
