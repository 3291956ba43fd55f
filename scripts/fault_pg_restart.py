# ruff: noqa: T201, S607 - a command-line report; pg_ctl/initdb/createdb come from PATH
"""PostgreSQL restarted under load: 503s during the outage, recovery without
restarting the app, and pledge totals that still add up.

    .venv/bin/python scripts/fault_pg_restart.py [--seconds 20] [--threads 6]

It starts its OWN PostgreSQL (initdb into a temporary directory, port 5499;
the machine's server on 5432 is never touched), migrates a fresh database,
makes a live campaign and backers, runs gunicorn against it, and drives
pledges over HTTP (benchmarks/pledge_flow.py) from several threads while it
restarts PostgreSQL (``pg_ctl restart -m fast``, then a stop of a few seconds).
It prints: requests, 503s during the outage, other errors, recovery time (from
PostgreSQL accepting connections again to the first pledge confirmed) and
whether the campaign's totals equal the sum of its pledges before and after.
Exit status 0 only if nothing else failed and the totals are consistent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 5499
APP_PORT = 8499
DB_NAME = "civic_fault_restart"


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class LocalPostgres:
    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="civic-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(  # noqa: S603
            _as_postgres(["pg_ctl", "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        if not self.data.exists():
            subprocess.run(  # noqa: S603
                _as_postgres(
                    ["initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        options = f"-p {PG_PORT} -k {self.directory} -c listen_addresses=127.0.0.1"
        self.pg_ctl("-o", options, "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "civic.settings",
        "SECRET_KEY": "fault-script-only-" + "x" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"https://127.0.0.1:{APP_PORT}",
        "STATIC_MANIFEST": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "ACCOUNT_RATE_LIMITS_ENABLED": "0",
        "DB_CONN_MAX_AGE": "60",  # persistent connections: the hard case
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="load after restart")
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--outage", type=float, default=5.0, help="seconds down")
    options = parser.parse_args()

    postgres = LocalPostgres()
    gunicorn = None
    try:
        print(f"PostgreSQL in {postgres.directory}, port {PG_PORT}")
        postgres.start()
        subprocess.run(  # noqa: S603
            [
                "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                DB_NAME,
            ],
            check=True,
        )
        env = _environment()
        os.environ.update(env)
        python = str(ROOT / ".venv" / "bin" / "python")
        print("Migrating…")
        subprocess.run(  # noqa: S603
            [python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
        )

        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        from benchmarks import pledge_flow
        from civic.scale import bench_session_cookie
        from civic.tests.factories import UserFactory
        from crowdfund.tests.factories import FundingRoundFactory, LiveProjectFactory

        project = LiveProjectFactory(
            funding_round=FundingRoundFactory(), target_pence=10_000_000
        )
        cookies = []
        for number in range(options.threads):
            user = UserFactory(email=f"fault-backer-{number}@example.com")
            cookies.append(bench_session_cookie(user.email))
        connection.close()

        server_log = (postgres.directory / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "civic.wsgi",
                "-b",
                f"127.0.0.1:{APP_PORT}",
                "-w",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{APP_PORT}"
        _wait_for(base + "/healthz")

        ok, message = pledge_flow.campaign_totals_consistent(project.pk)
        print(f"Before: totals consistent: {ok} ({message})")
        connection.close()

        # Count every HTTP status the pledge flow sees.
        statuses: Counter = Counter()
        lock = threading.Lock()
        real_request = pledge_flow._Browser.request
        phase = {"name": "before"}

        def counting_request(self, *args, **kwargs):
            try:
                result = real_request(self, *args, **kwargs)
            except Exception as error:  # refused, reset, timed out
                with lock:
                    statuses[(phase["name"], type(error).__name__)] += 1
                raise
            with lock:
                statuses[(phase["name"], result[0])] += 1
                if result[0] == 200:
                    answered.append(time.monotonic())
            return result

        pledge_flow._Browser.request = counting_request
        confirmed: list[float] = []
        answered: list[float] = []
        failed: list[float] = []
        stop = threading.Event()

        def backer(cookie: str) -> None:
            while not stop.is_set():
                try:
                    good = pledge_flow.pledge_over_http(base, cookie, project.slug)
                except Exception:
                    good = False
                (confirmed if good else failed).append(time.monotonic())
                if not good:
                    time.sleep(0.2)

        threads = [
            threading.Thread(target=backer, args=(cookie,), daemon=True)
            for cookie in cookies
        ]
        for thread in threads:
            thread.start()
        # Load first: every backer has pledged once (or a minute has passed).
        warm_until = time.monotonic() + 60
        while len(confirmed) < options.threads and time.monotonic() < warm_until:
            time.sleep(0.2)
        time.sleep(2)

        phase["name"] = "outage"
        outage_started = time.monotonic()
        print("Restarting PostgreSQL (fast), then keeping it down…")
        postgres.pg_ctl("-m", "fast", "-w", "restart")
        postgres.stop()
        time.sleep(options.outage)
        postgres.start()
        back_at = time.monotonic()
        phase["name"] = "after"
        time.sleep(options.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=40)

        first_after = min((t for t in confirmed if t >= back_at), default=None)
        recovery = None if first_after is None else first_after - back_at
        first_page = min((t for t in answered if t >= back_at), default=None)
        page_recovery = None if first_page is None else first_page - back_at
        during = [t for t in confirmed if outage_started <= t < back_at]
        total_requests = sum(statuses.values())
        outage_503 = statuses[("outage", 503)]
        other_errors = {
            key: count
            for key, count in statuses.items()
            if key[1] not in (200, 302, 503)
        }
        server_errors = sum(c for k, c in statuses.items() if k[1] == 500)
        ok_after, message_after = pledge_flow.campaign_totals_consistent(project.pk)
        from crowdfund.models import Pledge

        by_status = Counter(
            Pledge.objects.filter(project=project).values_list("status", flat=True)
        )

        print()
        print(f"HTTP requests:               {total_requests}")
        print(
            f"Pledges confirmed:           {len(confirmed)} "
            f"({len(during)} while PostgreSQL was restarting)"
        )
        print(f"Pledge journeys not finished: {len(failed)}")
        print(f"503 during the outage:       {outage_503}")
        print(f"500s:                        {server_errors}")
        print(f"Other errors:                {other_errors or 'none'}")
        print(f"Outage (restart + stop):     {back_at - outage_started:.1f} s")
        print(
            "Recovery (PostgreSQL up → first page served): "
            + ("never" if page_recovery is None else f"{page_recovery:.2f} s")
        )
        print(
            "Recovery (PostgreSQL up → first whole pledge confirmed): "
            + ("never" if recovery is None else f"{recovery:.2f} s")
        )
        print(f"Pledges by status:           {dict(by_status)}")
        print(f"After: totals consistent: {ok_after} ({message_after})")
        print(f"All statuses: {dict(sorted(statuses.items(), key=str))}")
        server_log.flush()
        log_text = (postgres.directory / "gunicorn.log").read_text()
        print(
            "Server log: "
            f"{log_text.count('Database unavailable')} database-unavailable "
            f"warnings, {log_text.count('Traceback')} tracebacks"
        )
        healthy = ok and ok_after and server_errors == 0 and recovery is not None
        healthy = healthy and "Traceback" not in log_text
        return 0 if healthy else 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        kept = Path(tempfile.gettempdir()) / "civic-fault-pg-gunicorn.log"
        if (postgres.directory / "gunicorn.log").exists():
            shutil.copy(postgres.directory / "gunicorn.log", kept)
            print(f"Server log kept in {kept}")
        postgres.destroy()


def _wait_for(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout}s")


if __name__ == "__main__":
    sys.exit(main())
