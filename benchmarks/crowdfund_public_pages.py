"""Benchmark: Crowdfund London's public pages with a lot of data.

    SECRET_KEY=bench STATIC_MANIFEST=0 \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cfbench \\
        .venv/bin/python benchmarks/crowdfund_public_pages.py \\
        [--projects N] [--pledges N] [--updates N] [--runs N]

Makes a throwaway test database (``test_<name>``), bulk-creates N public
projects across the 33 boroughs (each with cost lines and a City Hall pledge)
and one campaign with many pledges (with messages) and updates, then renders
the campaign page, the browse page (plain, searched, sorted by percentage
funded), the borough map and the 360Giving JSON through the test client and
prints the median of each.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")
os.environ.setdefault("STATIC_MANIFEST", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

WORDS = ["garden", "mural", "kitchen", "orchard", "cinema", "library", "skate"]


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def build(projects: int, pledges: int, updates: int) -> str:
    from civic.models import Borough, User
    from crowdfund.models import (
        CityHallPledge,
        CostLine,
        FundingRound,
        Pledge,
        Project,
        ProjectUpdate,
        TeamMember,
        Theme,
    )

    now = timezone.now()
    day = datetime.timedelta(days=1)
    funding_round = FundingRound.objects.create(
        name="Bench round",
        slug="bench",
        ideas_open_at=now - 400 * day,
        ideas_close_at=now + 60 * day,
        campaigns_open_at=now - 400 * day,
        campaigns_close_at=now + 200 * day,
        budget_pence=10**12,
    )
    themes = [
        Theme.objects.create(name=f"Theme {i}", slug=f"theme-{i}") for i in range(6)
    ]
    boroughs = list(Borough.objects.all())
    users = User.objects.bulk_create(
        User(
            email=f"bench{i}@example.com",
            display_name=f"Backer {i}",
            password="!",  # noqa: S106 - unusable password
        )
        for i in range(max(pledges, 50))
    )
    statuses = ["live", "live", "live", "funded", "delivering", "completed"]
    rows = []
    for i in range(projects):
        word = WORDS[i % len(WORDS)]
        rows.append(
            Project(
                funding_round=funding_round,
                title=f"Community {word} {i}",
                slug=f"bench-{i}",
                summary=f"A {word} for the neighbourhood.",
                description=f"We will build a {word} with local people. " * 5,
                borough=boroughs[i % 33],
                theme=themes[i % 6],
                created_by=users[i % len(users)],
                status=statuses[i % len(statuses)],
                target_pence=1_000_000,
                crowd_pence=(i * 7919) % 1_200_000,
                live_at=now - (i % 50) * day,
                deadline=now + ((i % 60) - 10) * day,
                campaign_days=60,
            )
        )
    created = Project.objects.bulk_create(rows, batch_size=1000)
    TeamMember.objects.bulk_create(
        TeamMember(project=p, user=p.created_by, role="creator") for p in created
    )
    CostLine.objects.bulk_create(
        CostLine(project=p, item="Everything", amount_pence=1_000_000) for p in created
    )
    CityHallPledge.objects.bulk_create(
        CityHallPledge(
            project=p,
            funding_round=funding_round,
            amount_pence=100_000,
            status="active" if p.status == "live" else "paid",
            pledged_by=users[0],
        )
        for p in created
    )
    campaign = created[0]
    Pledge.objects.bulk_create(
        (
            Pledge(
                project=campaign,
                backer=users[i],
                amount_pence=2_500,
                is_anonymous=bool(i % 3),
                message=f"Good luck from backer {i}" if i % 2 else "",
                status="confirmed",
                idempotency_key=uuid.uuid4(),
            )
            for i in range(pledges)
        ),
        batch_size=1000,
    )
    ProjectUpdate.objects.bulk_create(
        ProjectUpdate(
            project=campaign, author=campaign.created_by, title=f"Update {i}", body="…"
        )
        for i in range(updates)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return campaign.slug


def time_page(client, url, params, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params, secure=True)
        if response.streaming:
            b"".join(response.streaming_content)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code  # noqa: S101
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=5_000)
    parser.add_argument("--pledges", type=int, default=5_000)
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        out(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        started = time.perf_counter()
        slug = build(args.projects, args.pledges, args.updates)
        out(f"Built in {time.perf_counter() - started:.1f} s")
        client = Client()
        pages = [
            (
                f"Campaign page ({args.pledges} pledges, {args.updates} updates)",
                reverse("crowdfund:project_detail", args=[slug]),
                {},
            ),
            (f"Browse ({args.projects} projects)", reverse("crowdfund:browse"), {}),
            (
                "Browse, search 'gardens'",
                reverse("crowdfund:browse"),
                {"q": "gardens"},
            ),
            (
                "Browse, sorted by percentage funded, page 5",
                reverse("crowdfund:browse"),
                {"sort": "percent_funded", "page": 5},
            ),
            ("Borough map", reverse("crowdfund:map"), {}),
            (
                f"360Giving JSON ({args.projects} grants)",
                reverse("crowdfund:grants_json"),
                {},
            ),
        ]
        for label, url, params in pages:
            timings = time_page(client, url, params, args.runs)
            out(
                f"{label}: median {statistics.median(timings):.3f} s "
                f"(min {min(timings):.3f} s, max {max(timings):.3f} s, "
                f"{args.runs} runs)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
