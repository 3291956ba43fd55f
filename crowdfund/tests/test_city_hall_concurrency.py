"""Two officers pledging City Hall money at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from civic.tests.factories import UserFactory
from crowdfund.models import CityHallPledge, FundingRound, Project
from crowdfund.services.city_hall import CityHallError, city_hall_pledge_create
from crowdfund.tests.factories import FundingRoundFactory, LiveProjectFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
    ),
]


def _together(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(project, amount, officer):
        try:
            barrier.wait()
            city_hall_pledge_create(
                project=Project.objects.get(pk=project.pk),
                amount_pence=amount,
                condition="",
                min_crowd_percent=0,
                officer=officer,
            )
            outcomes.append("pledged")
        except CityHallError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def _committed_matches_the_sum(funding_round):
    funding_round.refresh_from_db()
    total = CityHallPledge.objects.filter(
        funding_round=funding_round, status__in=CityHallPledge.COUNTED
    ).aggregate(total=Sum("amount_pence"))["total"]
    assert funding_round.committed_pence == (total or 0)
    assert funding_round.committed_pence <= funding_round.budget_pence


def test_two_officers_exceeding_the_remaining_budget_one_succeeds():
    funding_round = FundingRoundFactory(budget_pence=1_000_000)
    projects = [LiveProjectFactory(funding_round=funding_round) for _ in range(2)]
    officers = [UserFactory(), UserFactory()]

    outcomes = _together(
        [(projects[0], 600_000, officers[0]), (projects[1], 600_000, officers[1])]
    )

    assert outcomes == ["budget", "pledged"]
    _committed_matches_the_sum(funding_round)
    assert FundingRound.objects.get(pk=funding_round.pk).committed_pence == 600_000


def test_two_officers_pledging_to_one_campaign_one_succeeds():
    funding_round = FundingRoundFactory(max_pledge_per_project_pence=500_000)
    project = LiveProjectFactory(funding_round=funding_round)

    outcomes = _together(
        [(project, 300_000, UserFactory()), (project, 300_000, UserFactory())]
    )

    assert outcomes[1] == "pledged"
    assert outcomes[0] in ("exists", "per_project")
    _committed_matches_the_sum(funding_round)
    project.refresh_from_db()
    assert project.city_hall_pence == 300_000


def test_many_officers_never_overspend_the_round():
    funding_round = FundingRoundFactory(budget_pence=1_000_000)
    projects = [LiveProjectFactory(funding_round=funding_round) for _ in range(8)]

    outcomes = _together([(p, 300_000, UserFactory()) for p in projects])

    assert outcomes.count("pledged") == 3
    _committed_matches_the_sum(funding_round)
