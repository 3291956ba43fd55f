"""`make bench`: the portal at London scale, on the production stack.

    .venv/bin/python benchmarks/bench.py [--fraction 0.1] [--duration 10]
        [--clients 1,8,32] [--reuse] [--db civic_bench] [--only-pages REGEX]

1. Makes a separate benchmark database on the local PostgreSQL (dropped and
   made again unless --reuse), migrates it and seeds it with
   ``manage.py seed_scale`` (sizes from issue 8, times --fraction).
2. Collects and compresses the static files, starts gunicorn as the Dockerfile
   does (DEBUG off, Redis cache, hashed compressed static files) on 127.0.0.1,
   signs the benchmark's people in (sessions made in the database) and warms
   every page.
3. For every key page (each app lists its own, ``civic.scale.BenchPage``) and
   the ceiling (/_bench/ceiling/, a constant response through the same stack),
   drives it with wrk at each number of concurrent clients; counts the SQL
   queries a request makes (test client against the same database) and the
   bytes a first visit transfers compressed (HTML + CSS + JS).
4. Measures the pledge flow: concurrent signed-in clients completing pledges
   on one campaign through HTTP, then checks the campaign total equals the
   sum of its pledges.
5. Writes docs/PERFORMANCE.md (table, budgets, machine), the raw figures as
   docs/performance/results.json and docs/performance/p95.svg.

Timing never fails anything: the report says where each budget stands.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
LUA = ROOT / "benchmarks" / "wrk_report.lua"
DOCS = ROOT / "docs"
RESULTS_DIR = DOCS / "performance"

# Budgets from issue 8.
QUERY_BUDGET = 12
P95_BUDGET_MS = 150
RESULTS_SCREEN_BUDGET_MS = 1000
FIRST_VISIT_BUDGET_KB = 60
CACHED_SHARE_OF_CEILING = 0.5


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run(cmd: list[str], env: dict[str, str], **kwargs) -> None:
    out("$ " + " ".join(cmd))
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)  # noqa: S603


@dataclass
class Phase:
    page: str
    path: str
    signed_in: bool
    clients: int
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    ratio_to_ceiling: float | None = None


@dataclass
class PageFacts:
    page: str
    path: str
    signed_in: bool
    status: int
    queries: int | None
    first_visit_bytes: int | None
    static_cache_control: str = ""
    sets_cookie: bool = False


@dataclass
class Report:
    started: str
    machine: dict
    sizes: dict
    seed_seconds: float | None
    phases: list[Phase] = field(default_factory=list)
    pages: list[PageFacts] = field(default_factory=list)
    pledges: dict = field(default_factory=dict)


# --- environment -----------------------------------------------------------------


def bench_env(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}",
            "REDIS_URL": args.redis,
            "CACHE_KEY_PREFIX": "bench",
            "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "CIVIC_BENCHMARK": "1",
            "STATIC_MANIFEST": "1",
            "LOG_LEVEL": "WARNING",
            # No worker runs in the benchmark: emails and payment captures
            # wait in Redis (the benchmark's own database number).
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "ACCOUNT_RATE_LIMITS_ENABLED": "0",
            "DB_CONN_MAX_AGE": "60",
        }
    )
    return env


def machine_facts(env) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024 // 1024} GB"
    except OSError:
        pass

    def version(cmd):
        try:
            return subprocess.run(  # noqa: S603
                cmd, capture_output=True, text=True, check=False
            ).stdout.strip()
        except OSError:
            return "not found"

    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": version(["psql", "--version"]),
        "redis": version(["redis-server", "--version"]).split(" sha=")[0],
        "wrk": version(["wrk", "--version"]).splitlines()[0:1],
        "gunicorn": version([str(Path(PYTHON).parent / "gunicorn"), "--version"]),
    }


# --- database and seed -------------------------------------------------------------


def make_database(args, env) -> float | None:
    import psycopg

    if args.reuse:
        out(f"Reusing database {args.db}")
        return None
    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.db}"')
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PYTHON, "manage.py", "bootstrap_site"], env)
    started = time.monotonic()
    run(
        [PYTHON, "manage.py", "seed_scale", "--fraction", str(args.fraction)],
        env,
    )
    return time.monotonic() - started


# --- sessions ----------------------------------------------------------------------


def session_cookie(email: str, *, staff: bool) -> str:
    from civic.scale import bench_session_cookie

    return bench_session_cookie(email, staff=staff)


# --- server ------------------------------------------------------------------------


class Server:
    def __init__(self, env, port: int, workers: int):
        self.env = env
        self.port = port
        self.workers = workers
        self.proc = None
        self.log = open(ROOT / "benchmarks" / ".gunicorn.log", "w")  # noqa: SIM115

    def start(self) -> None:
        cmd = [
            str(Path(PYTHON).parent / "gunicorn"),
            "civic.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "30",
            "--access-logfile",
            "-",
        ]
        out("$ " + " ".join(cmd))
        self.proc = subprocess.Popen(  # noqa: S603
            cmd, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _, _ = fetch(
                    f"http://127.0.0.1:{self.port}/_bench/ceiling/", None
                )
                if status == 200:
                    return
                raise SystemExit(
                    f"The ceiling answered {status}: is CIVIC_BENCHMARK on?"
                )
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        raise SystemExit("gunicorn did not start: see benchmarks/.gunicorn.log")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
        self.log.close()


def fetch(url: str, cookie: str | None, *, encoding: str = "gzip, br"):
    headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": encoding}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)  # noqa: S310

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    with response:
        return response.status, response.headers, response.read()


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.urls.append(attrs.get("href") or "")
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def first_visit(base: str, path: str, cookie: str | None):
    """Bytes on the wire (compressed) for the HTML and its CSS and JS."""
    status, headers, body = fetch(base + path, cookie)
    total = len(body)
    html = body
    if headers.get("Content-Encoding") == "gzip":
        html = gzip.decompress(body)
    elif headers.get("Content-Encoding") == "br":
        html = None  # brotli is not in the standard library: ask again plainly
        _, _, html = fetch(base + path, cookie, encoding="identity")
    parser = _Assets()
    parser.feed(html.decode("utf-8", "replace"))
    cache_control = ""
    for url in parser.urls:
        if not url or url.startswith("http"):
            continue
        _, asset_headers, asset_body = fetch(base + url, None)
        total += len(asset_body)
        cache_control = asset_headers.get("Cache-Control", "")
    return status, total, cache_control, "Set-Cookie" in headers


# --- load --------------------------------------------------------------------------


def wait_idle(base: str, timeout: float = 120) -> None:
    """Until gunicorn has finished the requests of the last phase: wrk stops
    at its deadline but the workers still answer what was queued, which
    would otherwise be timed against the next phase."""
    fast = 0
    deadline = time.monotonic() + timeout
    while fast < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        fetch(base + "/_bench/ceiling/", None)
        fast = fast + 1 if time.monotonic() - started < 0.02 else 0
        time.sleep(0.2)


def wrk(url: str, cookie: str | None, clients: int, duration: int) -> dict:
    cmd = [
        "wrk",
        "-t",
        str(min(clients, 2)),
        "-c",
        str(clients),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        "-H",
        "X-Forwarded-Proto: https",
        "-H",
        "Accept-Encoding: gzip",
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(url)
    result = subprocess.run(  # noqa: S603
        cmd, capture_output=True, text=True, check=True
    )
    line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)


def count_queries(path: str, cookie: str | None) -> tuple[int, int]:
    """(status, SQL queries) for one request through the test client, warm."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"x-forwarded-proto": "https"})
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    from django.core.cache import cache

    # Warm as a worker that has rendered this page is: the warm-up request
    # must be a cache miss too, or what is read once per process (borough
    # names) is counted against the page the first time it renders here.
    cache.clear()
    client.get(path, secure=True)
    # Rendering's cost, not a cache hit's (a hit makes none): the upper bound.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
    return response.status_code, len(captured.captured_queries)


# --- pledge flow -------------------------------------------------------------------


def measure_pledges(base: str, clients: int, duration: int) -> dict:
    try:
        from benchmarks import pledge_flow
    except ImportError:
        return {"skipped": "benchmarks/pledge_flow.py is missing"}
    target = pledge_flow.bench_target(clients)
    if target is None:
        return {"skipped": "no live campaign in the benchmark database"}
    project, emails = target
    cookies = [session_cookie(email, staff=False) for email in emails[:clients]]
    done = []
    failures = []
    stop_at = time.monotonic() + duration

    def client(cookie):
        while time.monotonic() < stop_at:
            try:
                ok = pledge_flow.pledge_over_http(base, cookie, project)
            except Exception as error:  # noqa: BLE001 (reported, not raised)
                failures.append(repr(error))
                continue
            (done if ok else failures).append(1)

    threads = [threading.Thread(target=client, args=(c,)) for c in cookies]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    consistent, detail = pledge_flow.campaign_totals_consistent(project.pk)
    return {
        "clients": len(cookies),
        "seconds": round(elapsed, 1),
        "pledges": len(done),
        "failures": len(failures),
        "failure_examples": failures[:3],
        "pledges_per_s": round(len(done) / elapsed, 2) if elapsed else 0,
        "totals_consistent": consistent,
        "totals_detail": detail,
    }


# --- report ------------------------------------------------------------------------


def p95_chart(report: Report, clients: list[int]) -> str:
    """An SVG line chart: p95 latency (ms) against concurrent clients, per page."""
    series: dict[str, dict[int, float]] = {}
    for phase in report.phases:
        key = phase.page + (" (signed in)" if phase.signed_in else "")
        series.setdefault(key, {})[phase.clients] = phase.p95_ms
    width, height, left, right, top, bottom = 900, 480, 70, 330, 40, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    y_max = max([v for s in series.values() for v in s.values()] + [P95_BUDGET_MS])
    y_max = max(50, ((int(y_max) // 50) + 1) * 50)

    def x(i):
        return left + plot_w * i / max(1, len(clients) - 1)

    def y(v):
        return top + plot_h - plot_h * v / y_max

    colours = [
        "#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840",
        "#d53880", "#28a197", "#505a5f", "#912b88", "#85994b", "#0b0c0c",
        "#5694ca", "#6f72af", "#f499be", "#003078",
    ]  # fmt: skip
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="t d" font-family="sans-serif" font-size="12">',
        '<title id="t">p95 latency against concurrent clients, per key page</title>',
        '<desc id="d">Each line is a page; the dashed line is the 150 ms budget. '
        "The same figures are in the table in docs/PERFORMANCE.md.</desc>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    for tick in range(0, y_max + 1, max(50, y_max // 8 // 50 * 50)):
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}" stroke="#ddd"/>'
            f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    for i, c in enumerate(clients):
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 20}" text-anchor="middle">{c}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 10}" text-anchor="middle">'
        "concurrent clients</text>"
        f'<text x="16" y="{top + plot_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {top + plot_h / 2})">p95 latency (ms)</text>'
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y(P95_BUDGET_MS):.1f}" '
        f'y2="{y(P95_BUDGET_MS):.1f}" stroke="#0b0c0c" stroke-dasharray="6 4"/>'
    )
    for n, (name, points) in enumerate(sorted(series.items())):
        colour = colours[n % len(colours)]
        coords = " ".join(
            f"{x(i):.1f},{y(points[c]):.1f}"
            for i, c in enumerate(clients)
            if c in points
        )
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" '
            f'stroke-width="2"/>'
        )
        ly = top + 14 * n
        parts.append(
            f'<line x1="{width - right + 16}" x2="{width - right + 36}" y1="{ly}" '
            f'y2="{ly}" stroke="{colour}" stroke-width="3"/>'
            f'<text x="{width - right + 42}" y="{ly + 4}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_report(report: Report, args, clients: list[int]) -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "results.json").write_text(
        json.dumps(asdict(report), indent=2, default=str) + "\n"
    )
    (RESULTS_DIR / "p95.svg").write_text(p95_chart(report, clients))
    facts = {(f.page, f.signed_in): f for f in report.pages}
    m = report.machine
    lines = [
        "# Performance at London scale",
        "",
        "Written by `make bench` (`benchmarks/bench.py`); the raw figures are in",
        "[performance/results.json](performance/results.json) and the chart of p95",
        "latency against concurrent clients is [performance/p95.svg](performance/p95.svg).",
        "Timing never fails a test; this report says where each budget stands.",
        "",
        f"Run: {report.started} UTC, data at {args.fraction:g} of full size "
        f"(seeded in {report.seed_seconds:.0f} s)"
        if report.seed_seconds
        else f"Run: {report.started} UTC, data at {args.fraction:g} of full size "
        "(database reused)",
        "",
        "## Machine",
        "",
        f"- {m['cpus']} CPUs ({m['cpu']}), {m['memory']} RAM, {m['os']}",
        f"- Python {m['python']}, {m['gunicorn']} with {args.workers} sync workers "
        "(as the Dockerfile), `DEBUG` off, Redis cache, whitenoise compressed "
        "hashed static files",
        f"- {m['postgresql']}; {m['redis']}; load from {' '.join(m['wrk'])} on the "
        "same machine (it shares the CPUs with the server)",
        "",
        "## Data",
        "",
        "| What | How many |",
        "|---|---:|",
        *[f"| {k.replace('_', ' ')} | {v:,} |" for k, v in report.sizes.items()],
        "",
        "## Key pages",
        "",
        f"{args.duration} s per phase. Ratio: requests per second as a share of the "
        "ceiling's at the same number of clients (a constant response through the "
        "same gunicorn, middleware and database connection handling). Queries: SQL "
        "queries for one warm request. First visit: bytes on the wire, compressed, "
        "for the HTML and its CSS and JS (images excluded).",
        "",
        "| Page | Signed in | Clients | Requests/s | p50 ms | p95 ms | p99 ms | "
        "Ratio to ceiling | SQL queries | First visit KB | Errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in report.phases:
        f = facts.get((p.page, p.signed_in))
        queries = f.queries if f and f.queries is not None else "–"
        kb = f"{f.first_visit_bytes / 1024:.1f}" if f and f.first_visit_bytes else "–"
        ratio = f"{p.ratio_to_ceiling:.2f}" if p.ratio_to_ceiling is not None else "–"
        lines.append(
            f"| {p.page} | {'yes' if p.signed_in else 'no'} | {p.clients} | "
            f"{p.requests_per_s:.1f} | {p.p50_ms:.1f} | {p.p95_ms:.1f} | "
            f"{p.p99_ms:.1f} | {ratio} | {queries} | {kb} | {p.errors} |"
        )
    lines += ["", "## Budgets", ""]
    over_queries = [f for f in report.pages if f.queries and f.queries > QUERY_BUDGET]
    lines.append(
        f"- SQL queries per request at most {QUERY_BUDGET}: "
        + (
            "all pages within."
            if not over_queries
            else "over on " + ", ".join(f"{f.page} ({f.queries})" for f in over_queries)
        )
    )
    at8 = [p for p in report.phases if p.clients == 8 and p.page != "Ceiling"]
    slow = [
        p
        for p in at8
        if p.p95_ms
        > (RESULTS_SCREEN_BUDGET_MS if "results screen" in p.page else P95_BUDGET_MS)
    ]
    lines.append(
        f"- p95 at 8 clients under {P95_BUDGET_MS} ms (the survey results screen "
        f"under {RESULTS_SCREEN_BUDGET_MS} ms): "
        + (
            "all pages within."
            if not slow
            else "over on " + ", ".join(f"{p.page} ({p.p95_ms:.0f} ms)" for p in slow)
        )
    )
    heavy = [
        f
        for f in report.pages
        if not f.signed_in
        and f.first_visit_bytes
        and f.first_visit_bytes > FIRST_VISIT_BUDGET_KB * 1024
    ]
    lines.append(
        f"- First visit at most {FIRST_VISIT_BUDGET_KB} KB compressed: "
        + (
            "all public pages within."
            if not heavy
            else "over on "
            + ", ".join(
                f"{f.page} ({f.first_visit_bytes / 1024:.0f} KB)" for f in heavy
            )
        )
    )
    cookie_pages = [f.page for f in report.pages if not f.signed_in and f.sets_cookie]
    lines.append(
        "- Anonymous pages that set a cookie (so cannot be cached by Django's "
        "cache middleware): " + (", ".join(cookie_pages) if cookie_pages else "none.")
    )
    cache_controls = {
        f.static_cache_control for f in report.pages if f.static_cache_control
    }
    lines.append(
        "- Hashed static files are served with: "
        + ("; ".join(sorted(cache_controls)) or "not measured")
    )
    anon_low = [
        p
        for p in report.phases
        if not p.signed_in
        and p.page != "Ceiling"
        and p.ratio_to_ceiling is not None
        and p.ratio_to_ceiling < CACHED_SHARE_OF_CEILING
        and p.clients == 8
    ]
    lines.append(
        f"- Anonymous pages at least {CACHED_SHARE_OF_CEILING:.0%} of the ceiling's "
        "throughput at 8 clients: "
        + (
            "all within."
            if not anon_low
            else "below on "
            + ", ".join(f"{p.page} ({p.ratio_to_ceiling:.2f})" for p in anon_low)
        )
    )
    lines += ["", "## Pledge flow", ""]
    pledges = report.pledges
    if "skipped" in pledges:
        lines.append(f"Not measured: {pledges['skipped']}.")
    else:
        lines.append(
            f"{pledges['clients']} signed-in clients completing pledges on one "
            f"campaign for {pledges['seconds']} s through HTTP (pledge form, the "
            f"offline gateway's card page, confirmation): **{pledges['pledges']} "
            f"pledges, {pledges['pledges_per_s']} per second**, "
            f"{pledges['failures']} failures. Campaign total equals the sum of its "
            f"pledges afterwards: **{'yes' if pledges['totals_consistent'] else 'NO'}** "
            f"({pledges['totals_detail']})."
        )
    extra = DOCS / "performance" / "NOTES.md"
    if extra.exists():
        lines += ["", extra.read_text().strip()]
    (DOCS / "PERFORMANCE.md").write_text("\n".join(lines) + "\n")
    out(f"Wrote {DOCS / 'PERFORMANCE.md'}")


# --- main --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--db", default="civic_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--only-pages", default="", help="regex on page names")
    parser.add_argument("--pledge-clients", type=int, default=8)
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="Write docs/PERFORMANCE.md again from performance/results.json "
        "(after editing performance/NOTES.md).",
    )
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    if args.report_only:
        raw = json.loads((RESULTS_DIR / "results.json").read_text())
        report = Report(
            started=raw["started"],
            machine=raw["machine"],
            sizes=raw["sizes"],
            seed_seconds=raw["seed_seconds"],
            phases=[Phase(**phase) for phase in raw["phases"]],
            pages=[PageFacts(**page) for page in raw["pages"]],
            pledges=raw["pledges"],
        )
        args.fraction = raw.get("fraction", args.fraction)
        args.duration = raw.get("duration", args.duration)
        args.workers = raw.get("workers", args.workers)
        clients = sorted({phase.clients for phase in report.phases})
        write_report(report, args, clients)
        return
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: apt-get install wrk")

    env = bench_env(args)
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M")
    out(f"== 1. Database {args.db} and seed (fraction {args.fraction:g})")
    seed_seconds = make_database(args, env)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
    import redis

    redis.Redis.from_url(args.redis).flushdb()  # the benchmark's own db number

    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "civic.settings"
    import django

    django.setup()
    from civic.models import User  # noqa: F401 (apps loaded)
    from civic.registry import registry
    from civic.scale import Scale

    pages = [page for fn in registry.bench_pages.values() for page in fn()]
    if args.only_pages:
        pages = [p for p in pages if re.search(args.only_pages, p.name, re.I)]
    report = Report(
        started=started,
        machine=machine_facts(env),
        sizes=asdict(Scale.full().fraction(args.fraction)),
        seed_seconds=seed_seconds,
    )

    out("== 2. Sessions, server, warm-up")
    targets = []  # (name, path, cookie or None)
    for page in pages:
        cookie = (
            session_cookie(page.user_email, staff=page.staff)
            if page.user_email
            else None
        )
        targets.append((page.name, page.path, cookie))
        if page.user_email and page.anonymous_too:
            targets.append((page.name, page.path, None))
    server = Server(env, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    try:
        server.start()
        for name, path, cookie in targets:
            for _ in range(5):
                status, _, _ = fetch(base + path, cookie)
            out(f"  {status} {name}{' (signed in)' if cookie else ''}: {path}")
            queries = None
            try:
                _status, queries = count_queries(path, cookie)
            except Exception as error:  # noqa: BLE001 (reported)
                out(f"    could not count queries: {error!r}")
            visit_status, visit_bytes, cache_control, sets_cookie = first_visit(
                base, path, cookie
            )
            report.pages.append(
                PageFacts(
                    page=name,
                    path=path,
                    signed_in=bool(cookie),
                    status=status,
                    queries=queries,
                    first_visit_bytes=visit_bytes if visit_status == 200 else None,
                    static_cache_control=cache_control,
                    sets_cookie=sets_cookie,
                )
            )
            if status != 200:
                out(f"    WARNING: {name} answered {status}")

        out("== 3. Load")
        # Every worker must have loaded its URLconf and opened its database
        # connection before anything is timed.
        wrk(base + "/_bench/ceiling/", None, max(clients), 3)
        ceiling = {}
        for c in clients:
            wait_idle(base)
            result = wrk(base + "/_bench/ceiling/", None, c, args.duration)
            phase = to_phase("Ceiling", "/_bench/ceiling/", False, c, result)
            phase.ratio_to_ceiling = 1.0
            ceiling[c] = phase.requests_per_s
            report.phases.append(phase)
            out(f"  Ceiling, {c} clients: {phase.requests_per_s:.0f} req/s")
        for name, path, cookie in targets:
            wrk(base + path, cookie, 4, 2)  # warm caches and workers
            for c in clients:
                wait_idle(base)
                result = wrk(base + path, cookie, c, args.duration)
                phase = to_phase(name, path, bool(cookie), c, result)
                if ceiling.get(c):
                    phase.ratio_to_ceiling = phase.requests_per_s / ceiling[c]
                report.phases.append(phase)
                out(
                    f"  {name}{' (signed in)' if cookie else ''}, {c} clients: "
                    f"{phase.requests_per_s:.1f} req/s, p95 {phase.p95_ms:.0f} ms"
                    + (f", {phase.errors} errors" if phase.errors else "")
                )

        wait_idle(base)
        out("== 4. Pledge flow")
        report.pledges = measure_pledges(base, args.pledge_clients, args.duration)
        out(f"  {report.pledges}")
    finally:
        server.stop()

    if not args.no_report:
        write_report(report, args, clients)


def to_phase(name, path, signed_in, clients, result) -> Phase:
    seconds = result["duration_us"] / 1_000_000
    return Phase(
        page=name,
        path=path,
        signed_in=signed_in,
        clients=clients,
        requests_per_s=result["requests"] / seconds if seconds else 0,
        p50_ms=result["p50_us"] / 1000,
        p95_ms=result["p95_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=result["socket_errors"] + result["non_2xx_3xx"],
    )


if __name__ == "__main__":
    main()
