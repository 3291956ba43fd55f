import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crowdfund.models import FundingRound, Project
from crowdfund.tests.factories import FundingRoundFactory, LiveProjectFactory

pytestmark = pytest.mark.django_db


def test_index_is_public_and_cheap(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("crowdfund:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Crowdfund London</h1>' in page
    assert "opening soon" not in page
    assert reverse("crowdfund:project_start") in page
    assert reverse("crowdfund:browse") in page
    assert reverse("crowdfund:map") in page
    assert "There are no live campaigns at the moment." in page


def test_index_shows_the_current_round_and_campaigns_ending_soon(client):
    funding_round = FundingRoundFactory(name="Round 2026", budget_pence=50_000_000)
    FundingRound.objects.filter(pk=funding_round.pk).update(committed_pence=1_100_000)
    now = timezone.now()
    for days, title in [(3, "Soonest"), (10, "Next"), (20, "Third"), (40, "Later")]:
        LiveProjectFactory(
            funding_round=funding_round,
            title=title,
            deadline=now + datetime.timedelta(days=days),
        )
    LiveProjectFactory(
        funding_round=funding_round,
        title="Ended",
        status=Project.Status.FUNDED,
        deadline=now - datetime.timedelta(1),
    )
    page = client.get(reverse("crowdfund:index")).content.decode()
    assert "Round 2026" in page
    assert "£500,000" in page  # budget
    assert "£11,000" in page  # pledged so far
    assert "£489,000" in page  # still to pledge
    assert page.index("Soonest") < page.index("Next") < page.index("Third")
    assert "Later" not in page and "Ended" not in page
    assert "3 days left" in page or "2 days left" in page


@pytest.mark.parametrize("n", [3, 30])
def test_index_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    funding_round = FundingRoundFactory()
    for _ in range(n):
        LiveProjectFactory(funding_round=funding_round)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("crowdfund:index")).status_code == 200
