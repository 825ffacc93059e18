"""Load benchmark: ``goldenthread serve`` on loopback under councillors' views and owners' returns.

``goldenthread bench --only load`` (also part of a full ``goldenthread bench``). In a child
process with a fresh SQLite data directory (and then the PostgreSQL benchmark database):

1. migrate and build the demo council (Borough of Castlebridge) as of ``TODAY``;
2. start ``goldenthread serve --workers 2`` on a free loopback port;
3. sign in once per login (password hashing is deliberately slow, and is not what is being
   measured) and hand each client a copy of its login's cookies;
4. for ``seconds``, ``clients`` threads loop without pause: four in five are councillors
   opening the scorecard or a key indicator's page; the rest are owners who open the return
   form for one of their own indicators, save a draft through it (CSRF token and version
   field as a browser sends them) and follow the redirect to My returns, as a browser does;
5. the same number of threads for the same time against ``/healthz`` (one ``SELECT 1``), the
   trivial page the mix's throughput is compared with.

Each request opens a connection (gunicorn's sync workers close it after each response) with
``http.client``: cheap enough that the load generator, which shares the machine's two cores
with the two workers, takes as little from them as it can. A stale edit refused through the
version field is counted apart; it is the right answer, not an error. Errors are responses
other than 2xx/3xx, pages the server could not have meant (a form that re-renders with an
error), and connection failures.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from goldenthread.bench.databases import postgres_target

TODAY = date(2026, 11, 23)
PASSWORD = "load-test-password"  # nosec B105  # a throwaway benchmark council's logins
COUNCILLOR_SHARE = 0.8
CONNECTION_ERRORS = (OSError, http.client.HTTPException)


class LoadError(Exception):
    """The benchmark could not run as set up (the server did not start, a login failed)."""


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data_dir: str, database_url: str | None = None) -> dict[str, str]:
    """The environment of a loopback server (plain HTTP) on ``data_dir``'s database."""
    env = {
        **os.environ,
        "GOLDENTHREAD_DATA_DIR": data_dir,
        "GOLDENTHREAD_HTTPS": "0",
        "GOLDENTHREAD_TODAY": TODAY.isoformat(),
        "DJANGO_SETTINGS_MODULE": "goldenthread.settings",
    }
    env.pop("GOLDENTHREAD_PLAIN_STATIC", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


class Server:
    """``goldenthread serve`` in its own process group, as a supervisor would run it."""

    def __init__(self, env: dict[str, str], *, workers: int = 2, port: int | None = None) -> None:
        self.env, self.workers = env, workers
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = Path(env["GOLDENTHREAD_DATA_DIR"]) / "serve.log"
        self.collected = False

    def start(self, timeout: float = 90) -> float:
        """Start and wait until ``/healthz`` answers; the seconds that took."""
        started = time.perf_counter()
        argv = [sys.executable, "-m", "goldenthread.cli", "serve", "--port", str(self.port)]
        argv += ["--workers", str(self.workers)]
        if self.collected:
            argv.append("--no-collectstatic")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # nosec B603  # goldenthread serve, fixed arguments
                argv, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        self.collected = True
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise LoadError(f"The server exited: {self.log.read_text()[-2000:]}")
            try:
                status, _, _ = request(self.port, "GET", "/healthz", {})
            except CONNECTION_ERRORS:
                status = 0
            if status == 200 and len(self.worker_pids()) == self.workers:
                return time.perf_counter() - started
            time.sleep(0.05)
        raise LoadError(f"The server did not answer in {timeout} s")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def stop(self, timeout: float = 40) -> None:
        """SIGTERM: gunicorn stops accepting, lets workers finish their requests, exits."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout)
        self.process = None

    def kill(self) -> None:
        """SIGKILL the master, then (as systemd's control group would) its workers."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait()
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(
            Path(f"/proc/{pid}").exists() for pid in self._group()
        ):
            time.sleep(0.02)
        self.process = None

    def _group(self) -> list[int]:
        assert self.process is not None
        group = self.process.pid
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == group:
                        found.append(int(entry.name))
                except ProcessLookupError:
                    continue
        return found


# --- the client ---------------------------------------------------------------------------


def request(
    port: int, method: str, path: str, cookies: dict[str, str], form: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """One request on a fresh connection: status, Location header, body; updates ``cookies``."""
    headers = {"Host": f"127.0.0.1:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        conn.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0]
        if value in ("", '""') or "max-age=0" in header.lower():
            cookies.pop(name, None)
        else:
            cookies[name] = value
    return response.status, response.getheader("Location") or "", text


def hidden_field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"(?: value="([^"]*)")?', page)
    if not found:
        raise LoadError(f"No {name} field on the page")
    return found.group(1) or ""


def sign_in(port: int, username: str, password: str = PASSWORD) -> dict[str, str]:
    cookies: dict[str, str] = {}
    _, _, page = request(port, "GET", "/login/", cookies)
    form = {
        "csrfmiddlewaretoken": hidden_field(page, "csrfmiddlewaretoken"),
        "username": username,
        "password": password,
    }
    status, _, _ = request(port, "POST", "/login/", cookies, form)
    if status != 302:
        raise LoadError(f"Signing in as {username} gave {status}")
    return cookies


@dataclass(frozen=True)
class Target:
    """One return an owner may save: their indicator, an open period, a valid value."""

    username: str
    indicator: int
    period: str
    value: str

    @property
    def path(self) -> str:
        return f"/returns/{self.indicator}/{self.period}/"


@dataclass
class Outcome:
    """What one attempt to save a return came to."""

    kind: str  # "saved", "stale", "rejected", "failed" (connection or server error)
    status: int = 0


def save_return(
    port: int,
    cookies: dict[str, str],
    target: Target,
    commentary: str,
    timed: Callable[[str, Callable[[], tuple[int, str, str]]], tuple[int, str, str]],
) -> Outcome:
    """Open the return form, save a draft through it and follow the redirect, as a browser."""
    status, _, page = timed("return form", lambda: request(port, "GET", target.path, cookies))
    if status != 200:
        return Outcome("failed", status)
    form = {
        "csrfmiddlewaretoken": hidden_field(page, "csrfmiddlewaretoken"),
        "version": hidden_field(page, "version"),
        "value": target.value,
        "commentary": commentary,
        "warnings_reason": "Load test figure",
        "action": "save",
    }
    status, location, page = timed(
        "return save", lambda: request(port, "POST", target.path, cookies, form)
    )
    if status == 302:
        # Saved and acknowledged; a browser then shows My returns (and its message).
        with suppress(*CONNECTION_ERRORS):
            timed("my returns", lambda: request(port, "GET", location, cookies))
        return Outcome("saved", status)
    if status == 200 and 'id="conflict-title"' in page:
        return Outcome("stale", status)
    return Outcome("rejected" if status == 200 else "failed", status)


# --- the data -----------------------------------------------------------------------------


@dataclass
class Council:
    """Who signs in and what they open or save, read from the demo council."""

    councillor: str
    key_indicators: list[int]
    targets: dict[str, list[Target]]  # by owner's username


def build_council(indicators: int = 84) -> Council:
    """Migrate, build the demo council as of ``TODAY``, and choose what clients will do."""
    from django.core.management import call_command

    from goldenthread.demo.builder import build_council as build

    call_command("migrate", verbosity=0)
    build(today=TODAY, password=PASSWORD, indicators=indicators)
    return read_council()


def read_council() -> Council:
    from django.db import connection

    from goldenthread.indicators.models import Actual, Indicator, Period
    from goldenthread.organisation.models import Person
    from goldenthread.periods import financial_year_of

    year = financial_year_of(TODAY)
    taken = {
        (indicator, period): state
        for indicator, period, state in Actual.objects.values_list(
            "indicator_id", "period_id", "state"
        )
    }
    latest: dict[int, Decimal] = {}
    for indicator_id, value in Actual.objects.order_by("period__end").values_list(
        "indicator_id", "value"
    ):
        latest[indicator_id] = value
    periods = defaultdict(list)
    for period in Period.objects.filter(
        financial_year=year, end__lte=TODAY, locked_at__isnull=True
    ).order_by("end"):
        periods[period.kind].append(period)
    targets: dict[str, list[Target]] = defaultdict(list)
    owned = Indicator.objects.filter(owner__role=Person.Role.OWNER).select_related("owner__user")
    for indicator in owned.order_by("pk"):
        if indicator.is_ratio or indicator.pk not in latest:
            continue
        for period in periods[indicator.frequency]:
            if taken.get((indicator.pk, period.pk), "draft") in ("draft", "returned"):
                assert indicator.owner is not None
                username = indicator.owner.user.username
                shown = f"{latest[indicator.pk]:.{indicator.decimals}f}"
                targets[username].append(Target(username, indicator.pk, period.code, shown))
    key = list(Indicator.objects.filter(is_key=True).order_by("pk").values_list("pk", flat=True))
    connection.close()
    return Council("councillor", key, dict(targets))


# --- the load -----------------------------------------------------------------------------


@dataclass
class Tally:
    """Latencies by kind of request, outcomes and errors, shared by the client threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, send: Callable[[], tuple[int, str, str]]) -> tuple[int, str, str]:
        started = time.perf_counter()
        try:
            result = send()
        except CONNECTION_ERRORS as error:
            with self.lock:
                self.errors.append(f"{kind}: {type(error).__name__} {error}")
            return 0, "", ""
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies[kind].append(elapsed)
            if result[0] >= 400:
                self.errors.append(f"{kind}: HTTP {result[0]}")
        return result

    def count(self, outcome: str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1

    def figures(self, seconds: float) -> dict[str, Any]:
        requests = sum(len(times) for times in self.latencies.values())
        everything = [t for times in self.latencies.values() for t in times]
        return {
            "seconds": round(seconds, 1),
            "requests": requests,
            "per_second": round(requests / seconds, 1),
            "median_ms": _ms(statistics.median(everything)) if everything else None,
            "p95_ms": _ms(percentile(everything, 95)) if everything else None,
            "max_ms": _ms(max(everything)) if everything else None,
            "errors": len(self.errors),
            "first_errors": self.errors[:5],
            "all_errors": list(self.errors),
            "outcomes": dict(self.outcomes),
            "kinds": {
                kind: {
                    "requests": len(times),
                    "median_ms": _ms(statistics.median(times)),
                    "p95_ms": _ms(percentile(times, 95)),
                }
                for kind, times in sorted(self.latencies.items())
            },
        }


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the value below which ``share`` % of them lie."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 100))
    return ordered[int(rank) - 1]


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


class Logins(dict[str, dict[str, str]]):
    """Each login's cookies, signing in the first time a login is asked for."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port

    def __missing__(self, username: str) -> dict[str, str]:
        self[username] = sign_in(self.port, username)
        return self[username]


def mix_clients(council: Council, clients: int) -> list[tuple[str, list[Target]]]:
    """(username, targets) per client: councillors first, then owners taking turns."""
    owners = sorted(name for name, targets in council.targets.items() if targets)
    councillors = round(clients * COUNCILLOR_SHARE) if owners else clients
    plan: list[tuple[str, list[Target]]] = [(council.councillor, [])] * councillors
    # Owners with several clients share out their returns, so that stale edits are rare
    # but possible (two clients of one owner may still meet on a return).
    for n in range(clients - councillors):
        owner = owners[n % len(owners)]
        plan.append((owner, council.targets[owner]))
    return plan


def drive(
    port: int,
    council: Council,
    logins: Logins,
    *,
    clients: int,
    seconds: float,
    trivial: bool = False,
    seed: int = 2026,
) -> dict[str, Any]:
    """``clients`` threads for ``seconds``: the mix, or ``/healthz`` when ``trivial``."""
    tally = Tally()
    stop = threading.Event()
    plan = mix_clients(council, clients)
    for username, _ in plan:
        logins[username]  # signed in before the clock starts

    def councillor(rng: random.Random, cookies: dict[str, str]) -> None:
        if rng.random() < 0.5:
            tally.timed("scorecard", lambda: request(port, "GET", "/scorecard/", cookies))
        else:
            pk = rng.choice(council.key_indicators)
            tally.timed("indicator", lambda: request(port, "GET", f"/indicators/{pk}/", cookies))

    def owner(rng: random.Random, cookies: dict[str, str], targets: list[Target]) -> None:
        target = rng.choice(targets)
        outcome = save_return(port, cookies, target, f"Load test {rng.random():.6f}", tally.timed)
        tally.count(outcome.kind)
        if outcome.kind == "rejected":
            with tally.lock:
                tally.errors.append(f"return save re-rendered the form for {target.path}")

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)  # nosec B311  # a repeatable load mix, not a secret
        username, targets = plan[n]
        cookies = dict(logins[username])
        while not stop.is_set():
            if trivial:
                tally.timed("healthz", lambda: request(port, "GET", "/healthz", cookies))
            elif targets:
                owner(rng, cookies, targets)
            else:
                councillor(rng, cookies)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(120)
    return tally.figures(time.perf_counter() - started)


@dataclass
class Running:
    """A server on a built council with its logins, for the load, the soak and the faults."""

    server: Server
    council: Council
    logins: Logins


@contextmanager
def serving(data_dir: str, indicators: int) -> Iterator[Running]:
    """Build the council in this process's database and serve it; stop the server after."""
    council = build_council(indicators)
    server = Server(server_env(data_dir, os.environ.get("DATABASE_URL")))
    server.start()
    try:
        yield Running(server, council, Logins(server.port))
    finally:
        server.stop()


def run(*, clients: int, seconds: float, data_dir: str, indicators: int = 84) -> dict[str, Any]:
    """In a child process whose DATABASE_URL is the benchmark database."""
    from django.db import connection

    vendor = connection.vendor
    with serving(data_dir, indicators) as running:
        # A few seconds' warm-up, so every worker has loaded its templates.
        drive(running.server.port, running.council, running.logins, clients=4, seconds=2)
        mix = drive(
            running.server.port,
            running.council,
            running.logins,
            clients=clients,
            seconds=seconds,
        )
        trivial = drive(
            running.server.port,
            running.council,
            running.logins,
            clients=clients,
            seconds=seconds,
            trivial=True,
        )
    return {
        "database": vendor,
        "clients": clients,
        "mix": mix,
        "trivial": trivial,
        "ratio": round(mix["per_second"] / trivial["per_second"], 3),
    }


# --- the command's section ----------------------------------------------------------------


def child_json(code: str, env: dict[str, str], what: str) -> dict[str, Any]:
    """Run ``code`` in a fresh Python with ``env``; its last line of output, as JSON."""
    from django.core.management.base import CommandError

    done = subprocess.run(  # nosec B603  # our own Python, code written in this module
        [sys.executable, "-c", "import django, json; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise CommandError(f"The {what} benchmark failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def command(stdout: Any, options: dict[str, Any]) -> None:
    """The section ``goldenthread bench`` prints."""
    clients, seconds, indicators = (10, 5, 16) if options.get("quick") else (50, 60, 84)
    stdout.write(
        f"\nLoad: goldenthread serve --workers 2 on loopback, demo council; {clients} clients "
        f"for {seconds} s without pause (4 in 5 councillors: scorecard, indicator pages; "
        "the rest owners saving drafts through the return form); then /healthz alike"
    )
    for label, url in databases(stdout, options):
        with tempfile.TemporaryDirectory(prefix="gt-bench-load-") as data_dir:
            figures = child_json(
                f"from goldenthread.bench import load; print(json.dumps(load.run("
                f"clients={clients}, seconds={seconds}, data_dir={data_dir!r}, "
                f"indicators={indicators})))",
                server_env(data_dir, url.replace("{data_dir}", data_dir)),
                "load",
            )
        write_figures(stdout, label, figures)


def databases(stdout: Any, options: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, DATABASE_URL): SQLite in each run's ``{data_dir}``, then fresh PostgreSQL."""
    targets = [("SQLite", "sqlite:///{data_dir}/load.sqlite3")]
    # --quick is a smoke run: SQLite only (the suite covers PostgreSQL in tests/reliability).
    if not options.get("quick"):
        targets += postgres_target(stdout, options, indent="  ")
    return targets


def write_figures(stdout: Any, label: str, figures: dict[str, Any]) -> None:
    mix, trivial = figures["mix"], figures["trivial"]
    stdout.write(
        f"  {label:<10} {mix['per_second']} req/s, median {mix['median_ms']} ms, "
        f"p95 {mix['p95_ms']} ms, errors {mix['errors']}; drafts saved "
        f"{mix['outcomes'].get('saved', 0)}, stale edits refused {mix['outcomes'].get('stale', 0)}"
    )
    for kind, kind_figures in mix["kinds"].items():
        stdout.write(
            f"    {kind:<12} {kind_figures['requests']:>6} requests, median "
            f"{kind_figures['median_ms']} ms, p95 {kind_figures['p95_ms']} ms"
        )
    stdout.write(
        f"    /healthz     {trivial['per_second']} req/s, median {trivial['median_ms']} ms, "
        f"p95 {trivial['p95_ms']} ms, errors {trivial['errors']}; "
        f"mix ÷ trivial = {figures['ratio']:.0%}"
    )
    for error in mix["first_errors"]:
        stdout.write(f"    error: {error}")
