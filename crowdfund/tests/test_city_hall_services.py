"""City Hall pledges: limits of the round, totals, withdrawal, audit and email."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from crowdfund.models import CityHallPledge, FundingRound, Project
from crowdfund.services.city_hall import (
    CityHallError,
    city_hall_limit_pence,
    city_hall_pledge_create,
    city_hall_pledge_withdraw,
)
from crowdfund.tests.factories import LiveProjectFactory

pytestmark = pytest.mark.django_db


def _pledge(project, officer, amount, **kwargs):
    return city_hall_pledge_create(
        project=project,
        amount_pence=amount,
        condition=kwargs.get("condition", ""),
        min_crowd_percent=kwargs.get("min_crowd_percent", 0),
        officer=officer,
    )


def test_a_pledge_counts_towards_the_total_and_the_round(
    live_project, crowdfund_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = _pledge(
            live_project,
            crowdfund_officer,
            500_000,
            condition="Once 25% is raised from the crowd",
            min_crowd_percent=25,
        )
    live_project.refresh_from_db()
    live_project.funding_round.refresh_from_db()

    assert pledge.status == CityHallPledge.Status.ACTIVE
    assert live_project.city_hall_pence == 500_000
    assert live_project.total_pence == 500_000
    assert live_project.funding_round.committed_pence == 500_000
    entry = ModelLogEntry.objects.get(action="crowdfund.city_hall_pledge")
    assert entry.user == crowdfund_officer
    assert mail.outbox[0].to == [live_project.created_by.email]
    assert "The Mayor of London has pledged" in mail.outbox[0].subject


def test_more_than_the_round_has_left_is_refused(live_project, crowdfund_officer):
    FundingRound.objects.filter(pk=live_project.funding_round_id).update(
        budget_pence=300_000
    )
    with pytest.raises(CityHallError) as error:
        _pledge(live_project, crowdfund_officer, 300_001)
    assert error.value.code == "budget"
    assert _pledge(live_project, crowdfund_officer, 300_000)


def test_more_than_the_per_project_maximum_is_refused(live_project, crowdfund_officer):
    FundingRound.objects.filter(pk=live_project.funding_round_id).update(
        max_pledge_per_project_pence=200_000
    )
    with pytest.raises(CityHallError) as error:
        _pledge(live_project, crowdfund_officer, 200_001)
    assert error.value.code == "per_project"


def test_more_than_the_share_of_the_target_is_refused(live_project, crowdfund_officer):
    # 75% of £10,000.
    with pytest.raises(CityHallError) as error:
        _pledge(live_project, crowdfund_officer, 750_001)
    assert error.value.code == "share"
    assert "75%" in error.value.message
    assert _pledge(live_project, crowdfund_officer, 750_000)


def test_the_limit_is_the_smallest_of_the_three(live_project, crowdfund_officer):
    round_ = live_project.funding_round
    assert city_hall_limit_pence(funding_round=round_, project=live_project) == 750_000
    round_.budget_pence = 100_000
    assert city_hall_limit_pence(funding_round=round_, project=live_project) == 100_000


def test_one_active_pledge_per_campaign(live_project, crowdfund_officer):
    _pledge(live_project, crowdfund_officer, 100_000)
    with pytest.raises(CityHallError) as error:
        _pledge(live_project, crowdfund_officer, 100_000)
    assert error.value.code == "exists"


@pytest.mark.parametrize("closed", ["deadline", "status"])
def test_only_live_campaigns(live_project, crowdfund_officer, closed):
    if closed == "deadline":
        update = {"deadline": timezone.now() - datetime.timedelta(seconds=1)}
    else:
        update = {"status": Project.Status.FUNDED}
    Project.objects.filter(pk=live_project.pk).update(**update)
    with pytest.raises(CityHallError) as error:
        _pledge(live_project, crowdfund_officer, 100_000)
    assert error.value.code == "closed"


def test_withdrawing_frees_the_budget_and_tells_the_team(
    live_project, crowdfund_officer, django_capture_on_commit_callbacks
):
    pledge = _pledge(live_project, crowdfund_officer, 400_000)
    with pytest.raises(CityHallError):
        city_hall_pledge_withdraw(pledge=pledge, officer=crowdfund_officer, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        city_hall_pledge_withdraw(
            pledge=pledge, officer=crowdfund_officer, reason="Doubts about the site"
        )
    pledge.refresh_from_db()
    live_project.refresh_from_db()
    live_project.funding_round.refresh_from_db()

    assert pledge.status == CityHallPledge.Status.WITHDRAWN
    assert live_project.city_hall_pence == 0
    assert live_project.funding_round.committed_pence == 0
    entry = ModelLogEntry.objects.get(action="crowdfund.city_hall_withdraw")
    assert entry.data["reason"] == "Doubts about the site"
    assert "Doubts about the site" in mail.outbox[-1].body
    with pytest.raises(CityHallError) as error:
        city_hall_pledge_withdraw(pledge=pledge, officer=crowdfund_officer, reason="x")
    assert error.value.code == "settled"
    # And a new pledge may be made.
    assert _pledge(live_project, crowdfund_officer, 100_000)


def test_the_round_check_constraint_is_the_last_line(live_project):
    round_ = live_project.funding_round
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingRound.objects.filter(pk=round_.pk).update(
            committed_pence=round_.budget_pence + 1
        )


def test_pledges_to_two_campaigns_share_the_round(live_project, crowdfund_officer):
    FundingRound.objects.filter(pk=live_project.funding_round_id).update(
        budget_pence=1_000_000
    )
    other = LiveProjectFactory(funding_round=live_project.funding_round)
    _pledge(live_project, crowdfund_officer, 700_000)
    with pytest.raises(CityHallError) as error:
        _pledge(other, crowdfund_officer, 300_001)
    assert error.value.code == "budget"
