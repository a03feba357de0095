"""The load generator of the benchmarks: asyncio + httpx, one client per
simulated person or scanner (its own cookies and keep-alive connections),
on the same machine as the server (its CPU is reported apart).

* ``open_loop``: item k leaves at start + k / rate whether or not earlier
  ones were answered, and its latency counts from that planned time (what a
  person sees; no coordinated omission).
* ``closed_loop``: N workers, each doing the next item as soon as its last
  one is answered, until the items or the time run out (saturation).

Both are bounded (a fixed list of items, a deadline) so a benchmark always
ends by itself. Everything goes to 127.0.0.1 only.
"""

import asyncio
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from bench import common

# Every request of a scenario must stay on this machine.
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def client(
    base: str,
    *,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    connections: int = 2,
    timeout: float = 60,
) -> httpx.AsyncClient:
    if urlsplit(base).hostname not in LOCAL_HOSTS:
        raise SystemExit(f"benchmarks only talk to this machine, not {base}")
    return httpx.AsyncClient(
        base_url=base,
        cookies=cookies or {},
        headers=headers or {},
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        timeout=timeout,
        follow_redirects=False,
    )


@dataclass
class Recorder:
    """Latencies per step ("form", "submit", "scan"…), outcomes, and errors:
    anything the scenario did not expect — an HTTP 500, an error page, a
    timeout — with a few samples kept for the report."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    requests: int = 0

    def record(self, step: str, seconds: float, outcome: str, *, ok: bool = True) -> None:
        self.latencies[step].append(seconds)
        self.outcomes[outcome] += 1
        self.requests += 1
        if not ok:
            self.errors[outcome] += 1

    def error(self, step: str, description: str, seconds: float | None = None) -> None:
        self.requests += 1
        if seconds is not None:
            self.latencies[step].append(seconds)
        key = f"{step}: {description}"
        self.errors[key] += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(key)

    async def timed(
        self,
        step: str,
        request: Awaitable[httpx.Response],
        *,
        expect: Iterable[int] = (200,),
        since: float | None = None,
        classify: Callable[[httpx.Response], tuple[str, bool]] | None = None,
    ) -> httpx.Response | None:
        """Await one request; record its latency (from ``since`` when given,
        else from now) and whether its status was expected. ``classify``
        names the outcome of an expected answer and says if it is right
        (e.g. the check-in result, or "an error page came back")."""
        started = since if since is not None else time.perf_counter()
        try:
            response = await request
        except httpx.HTTPError as exc:
            self.error(step, type(exc).__name__, time.perf_counter() - started)
            return None
        elapsed = time.perf_counter() - started
        if response.status_code not in tuple(expect):
            self.error(step, f"HTTP {response.status_code}", elapsed)
            return None
        outcome, ok = classify(response) if classify else (f"{step} {response.status_code}", True)
        self.record(step, elapsed, outcome, ok=ok)
        return response if ok else None

    def summary(self, seconds: float) -> dict:
        everything = [value for values in self.latencies.values() for value in values]
        return {
            "requests": self.requests,
            "seconds": round(seconds, 2),
            "requests_per_s": round(self.requests / seconds, 1) if seconds else None,
            "latency": common.latency_summary(everything),
            "latency_by_step": {
                step: common.latency_summary(values)
                for step, values in sorted(self.latencies.items())
            },
            "outcomes": dict(sorted(self.outcomes.items())),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "error_samples": self.error_samples,
        }


async def open_loop(
    items: list, action: Callable[[int, object, float], Awaitable[None]], *, rate: float
) -> float:
    """Start ``action(k, item, planned_time)`` for item k at start + k/rate.
    Returns the seconds from the first planned start to the last answer."""
    start = time.perf_counter() + 0.5

    async def one(k: int, item) -> None:
        planned = start + k / rate
        delay = planned - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await action(k, item, planned)

    await asyncio.gather(*(one(k, item) for k, item in enumerate(items)))
    return time.perf_counter() - start


async def closed_loop(
    items: Iterable,
    action: Callable[[int, object], Awaitable[None]],
    *,
    workers: int,
    duration: float,
) -> float:
    """``workers`` loops, each taking the next item as soon as its last one
    is done, until the items run out or ``duration`` seconds have passed."""
    queue = iter(items)
    deadline = time.perf_counter() + duration

    async def worker(index: int) -> None:
        while time.perf_counter() < deadline:
            item = next(queue, None)
            if item is None:
                return
            await action(index, item)

    start = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(workers)))
    return time.perf_counter() - start
