"""Crowdfund London's share of seed_scale at a tiny size, its benchmark pages,
and the benchmark's pledge flow over real HTTP against a live server."""

import io
import random
import threading
from dataclasses import replace

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum

from benchmarks.pledge_flow import campaign_totals_consistent, pledge_over_http
from civic.models import User
from civic.registry import registry
from civic.scale import Progress, Scale, seed_users
from crowdfund import scale as crowdfund_scale
from crowdfund.models import CityHallPledge, FundingRound, Pledge, Project

TINY = replace(Scale.full().fraction(0.002), projects=40, pledges=400)


def _seed(scale=TINY):
    rng = random.Random(8)  # noqa: S311 (test data)
    progress = Progress(io.StringIO())
    seed_users(scale, progress, rng)
    crowdfund_scale.seed(scale, progress, rng)
    return scale


@pytest.fixture
def seeded(db):
    return _seed()


def test_crowdfund_registers_its_seeder_and_pages():
    assert registry.scale_seeders["crowdfund"] == (20, crowdfund_scale.seed)
    assert registry.bench_pages["crowdfund"] is crowdfund_scale.bench_pages


def test_seeder_makes_projects_in_every_state_and_all_the_pledges(seeded):
    assert Project.objects.count() == seeded.projects
    assert set(Project.objects.values_list("status", flat=True)) == set(
        Project.Status.values
    )
    assert Pledge.objects.count() == seeded.pledges
    assert Project.objects.values("borough").distinct().count() == min(
        33, seeded.projects
    )
    assert FundingRound.objects.count() == 3
    on_live_or_funded = Pledge.objects.filter(
        project__status__in=["live", "funded"]
    ).count()
    assert on_live_or_funded > seeded.pledges / 2
    big = Project.objects.get(slug=crowdfund_scale.BIG_CAMPAIGN_SLUG)
    assert big.is_open_for_pledges()
    assert big.pledges.count() == seeded.pledges // 20
    assert CityHallPledge.objects.filter(status="active").exists()


def test_every_total_equals_the_sum_of_its_rows(seeded):
    for project in Project.objects.all():
        ok, message = campaign_totals_consistent(project.pk)
        assert ok, message
        expected = crowdfund_scale.campaign_totals(project.pk)
        assert project.city_hall_pence == expected["city_hall_pence"], project.slug
        assert project.target_pence == sum(
            project.cost_lines.values_list("amount_pence", flat=True)
        )
    for funding_round in FundingRound.objects.all():
        committed = CityHallPledge.objects.filter(
            funding_round=funding_round, status__in=CityHallPledge.COUNTED
        ).aggregate(total=Sum("amount_pence"))["total"]
        assert funding_round.committed_pence == (committed or 0)
        assert funding_round.committed_pence <= funding_round.budget_pence


def test_each_state_has_the_pledges_the_services_would_leave(seeded):
    allowed = {
        "live": {"confirmed", "pending", "cancelled"},
        "funded": {"confirmed", "collected"},
        "delivering": {"collected", "failed"},
        "completed": {"collected", "failed"},
        "unfunded": {"released", "cancelled"},
    }
    for status, pledge_statuses in allowed.items():
        found = set(
            Pledge.objects.filter(project__status=status).values_list(
                "status", flat=True
            )
        )
        assert found <= pledge_statuses, status
    assert not Pledge.objects.filter(
        project__status__in=["draft", "in_review", "changes_requested", "rejected"]
    ).exists()
    funded = Project.objects.filter(status__in=["funded", "delivering", "completed"])
    for project in funded:
        assert project.total_pence >= project.target_pence, project.slug
    for project in Project.objects.filter(status="unfunded"):
        assert project.crowd_pence == project.backer_count == 0
    # One person who pledged twice to a campaign is one backer.
    repeat = (
        Pledge.objects.filter(status__in=Pledge.COUNTED)
        .values("project", "backer")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert repeat.exists()
    assert not Project.objects.filter(
        Q(status__in=Project.PUBLIC) & Q(organisation__isnull=True)
    ).exists()


def test_pledges_are_dated_while_their_campaign_was_live(seeded):
    for pledge in Pledge.objects.exclude(confirmed_at=None).select_related("project"):
        assert pledge.project.live_at <= pledge.created_at <= pledge.confirmed_at
    for pledge in CityHallPledge.objects.select_related("project"):
        assert pledge.created_at == pledge.project.live_at


def test_a_funded_campaigns_waiting_pledge_can_be_captured(seeded):
    from crowdfund.services.closing import COLLECTED, pledge_collect

    pledge = Pledge.objects.filter(project__status="funded", status="confirmed").first()
    assert pledge is not None
    assert pledge_collect(pledge_id=pledge.pk) == COLLECTED
    ok, message = campaign_totals_consistent(pledge.project_id)
    assert ok, message


def test_seeding_again_changes_nothing(seeded):
    before = (Project.objects.count(), Pledge.objects.count())
    crowdfund_scale.seed(seeded, Progress(io.StringIO()), random.Random(1))  # noqa: S311
    assert (Project.objects.count(), Pledge.objects.count()) == before


def test_every_bench_page_loads_anonymously(seeded, client):
    pages = crowdfund_scale.bench_pages()
    assert [p.name for p in pages] == ["Campaign browse", "Campaign page"]
    for page in pages:
        assert page.user_email is None
        assert client.get(page.path, secure=True).status_code == 200, page.name


def _session_cookie(user) -> str:
    """A fresh session for ``user`` (one client each: signing a second person
    in on the same client would end the first one's session)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_a_pledge_over_http_is_confirmed_and_counted(live_server):
    _seed()
    project = Project.objects.get(slug=crowdfund_scale.BIG_CAMPAIGN_SLUG)
    before = project.crowd_pence
    backer = User.objects.filter(email__startswith="scale-").exclude(
        pledges__project=project
    )[0]
    cookie = _session_cookie(backer)
    assert pledge_over_http(live_server.url, cookie, project)
    project.refresh_from_db()
    assert project.crowd_pence == before + 1_000
    assert project.pledges.get(backer=backer).status == "confirmed"
    assert campaign_totals_consistent(project.pk)[0]


def test_a_pledge_without_a_session_is_not_made(live_server):
    _seed()
    project = Project.objects.get(slug=crowdfund_scale.BIG_CAMPAIGN_SLUG)
    count = project.pledges.count()
    assert not pledge_over_http(live_server.url, "", project)
    assert project.pledges.count() == count


def test_totals_check_reports_a_campaign_that_is_out_of_step(seeded):
    project = Project.objects.get(slug=crowdfund_scale.BIG_CAMPAIGN_SLUG)
    Project.objects.filter(pk=project.pk).update(crowd_pence=project.crowd_pence + 1)
    ok, message = campaign_totals_consistent(project.pk)
    assert not ok
    assert "!=" in message


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
)
def test_concurrent_pledges_over_http_keep_the_totals_right(live_server):
    _seed()
    project = Project.objects.get(slug=crowdfund_scale.BIG_CAMPAIGN_SLUG)
    backers = list(
        User.objects.filter(email__startswith="scale-")
        .exclude(email__startswith="scale-staff-")
        .exclude(pledges__project=project)[:8]
    )
    cookies = [_session_cookie(backer) for backer in backers]
    results = []
    barrier = threading.Barrier(len(cookies))

    def run(cookie):
        barrier.wait()
        results.append(pledge_over_http(live_server.url, cookie, project.slug))

    threads = [threading.Thread(target=run, args=(c,)) for c in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == [True] * len(cookies)
    ok, message = campaign_totals_consistent(project.pk)
    assert ok, message
    project.refresh_from_db()
    assert project.pledges.filter(backer__in=backers, status="confirmed").count() == 8
