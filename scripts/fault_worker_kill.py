# ruff: noqa: T201 - a command-line report
"""A real Celery worker killed with SIGKILL while it collects a funded campaign.

    .venv/bin/python scripts/fault_worker_kill.py [--pledges 8]

Uses a private SQLite file and Redis database 10 (REDIS_URL to change it). A
campaign that reached its target is due; a worker (``celery -A civic worker
-P solo``, acks_late on) closes it and starts capturing pledges through a
gateway that takes a second per capture. After two captures the worker is
killed with SIGKILL. A new worker is started, and the beat task is run again
as it would be an hour later (``collection_resume`` picks up captures whose
task died with the worker). The script then counts each effect: campaign
status, one successful capture per pledge, the campaign total, one email per
backer and one to the team. Exit status 0 only if each happened exactly once.
"""

from __future__ import annotations

import argparse
import datetime
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SLOW_GATEWAY = """
import time
from crowdfund.payments.offline import OfflineGateway


class SlowGateway(OfflineGateway):
    def capture(self, pledge):
        time.sleep(1.0)
        return super().capture(pledge)
"""


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise SystemExit(f"Timed out waiting for {what}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pledges", type=int, default=8)
    options = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="civic-worker-kill-"))
    (directory / "fault_gateway.py").write_text(SLOW_GATEWAY)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civic.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "REDIS_URL": os.environ.get("FAULT_REDIS_URL", "redis://127.0.0.1:6379/10"),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CROWDFUND_PAYMENT_GATEWAY": "fault_gateway.SlowGateway",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": f"{directory}{os.pathsep}{ROOT}",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path[:0] = [str(directory), str(ROOT)]
    python = str(ROOT / ".venv" / "bin" / "python")
    celery = str(ROOT / ".venv" / "bin" / "celery")
    print(f"Working in {directory}; migrating…")
    subprocess.run(  # noqa: S603
        [python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )

    import django

    django.setup()
    from django.db.models import Count, Q
    from django.utils import timezone

    from civic.celery import app
    from civic.models import OutboxEmail
    from civic.tests.factories import UserFactory
    from crowdfund import tasks
    from crowdfund.models import GatewayTransaction, Pledge, Project
    from crowdfund.tests.factories import (
        FundingRoundFactory,
        LiveProjectFactory,
        pledge_paid,
    )

    app.conf.task_always_eager = False
    owner = UserFactory(email="team@example.com")
    project = LiveProjectFactory(
        funding_round=FundingRoundFactory(),
        created_by=owner,
        target_pence=options.pledges * 10_000,
    )
    backers = [
        UserFactory(email=f"worker-kill-{n}@example.com")
        for n in range(options.pledges)
    ]
    for backer in backers:
        pledge_paid(project=project, backer=backer, amount_pence=10_000)
    Project.objects.filter(pk=project.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    OutboxEmail.objects.all().delete()  # the pledges' own confirmations
    app.control.purge()

    def worker():
        return subprocess.Popen(  # noqa: S603
            [celery, "-A", "civic", "worker", "-P", "solo", "-l", "WARNING"],
            cwd=ROOT,
            env=env,
            stdout=(directory / "worker.log").open("a"),
            stderr=subprocess.STDOUT,
        )

    def collected() -> int:
        return Pledge.objects.filter(
            project=project, status=Pledge.Status.COLLECTED
        ).count()

    first = worker()
    tasks.close_due_campaigns.delay()
    _wait(lambda: collected() >= 2, 120, "two captures")
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    killed_at = collected()
    project.refresh_from_db()
    print(
        f"Worker killed (SIGKILL) with {killed_at} of {options.pledges} pledges "
        f"collected; campaign {project.status}"
    )

    second = worker()
    try:
        # The queued captures run on the new worker; the one that died with the
        # first worker is left CONFIRMED (its transaction never committed).
        time.sleep(options.pledges * 1.5 + 5)
        print(f"New worker: {collected()} collected before the beat task runs again")
        # An hour on, beat's closing task restarts captures that lost their task.
        Project.objects.filter(pk=project.pk).update(
            closed_at=timezone.now() - datetime.timedelta(hours=2)
        )
        tasks.close_due_campaigns.delay()
        tasks.close_due_campaigns.delay()  # run twice: nothing happens twice
        _wait(
            lambda: (
                Project.objects.get(pk=project.pk).status == Project.Status.DELIVERING
            ),
            120,
            "the campaign to finish collecting",
        )
        app.send_task("civic.drain_outbox")
        _wait(
            lambda: not OutboxEmail.objects.filter(status="pending").exists(),
            120,
            "the outbox to drain",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    project.refresh_from_db()
    captures = (
        Pledge.objects.filter(project=project)
        .annotate(
            captures=Count(
                "transactions",
                filter=Q(
                    transactions__kind=GatewayTransaction.Kind.CAPTURE,
                    transactions__outcome="succeeded",
                ),
            )
        )
        .values_list("captures", flat=True)
    )
    collected_emails = OutboxEmail.objects.filter(
        subject__contains="your pledge has been collected"
    )
    per_backer = sorted(tuple(email.to) for email in collected_emails)
    team = OutboxEmail.objects.filter(subject=f"{project.title} is funded").count()
    checks = {
        "campaign delivering": project.status == Project.Status.DELIVERING,
        "every pledge collected": collected() == options.pledges,
        "one capture per pledge": sorted(captures) == [1] * options.pledges,
        "total = sum of pledges": project.crowd_pence == options.pledges * 10_000,
        "one email per backer": per_backer
        == sorted((backer.email,) for backer in backers),
        "one email to the team": team == 1,
        "every email sent": not OutboxEmail.objects.exclude(status="sent").exists(),
    }
    for name, passed in checks.items():
        print(f"{'ok  ' if passed else 'FAIL'} {name}")
    print(f"Captures per pledge: {sorted(captures)}; worker log: {directory}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
