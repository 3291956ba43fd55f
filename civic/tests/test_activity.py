"""'Your activity': everything a person has done, from every app's provider."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.registry import ActivityItem, registry
from civic.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> int:
    return (
        len(re.findall(r'<tr class="govuk-table__row">', response.content.decode())) - 1
    )


def test_activity_lists_the_organisations_someone_joined(client, resident):
    MembershipFactory(
        user=resident, organisation=OrganisationFactory(name="Walworth Women")
    )
    client.force_login(resident)

    response = client.get(reverse("civic:activity"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Your activity – " in html
    assert "Joined Walworth Women" in html
    assert "Organisations" in html


def test_activity_includes_items_from_other_apps_newest_first(
    client, resident, monkeypatch
):
    now = timezone.now()

    def talk_london(user, limit):
        return [
            ActivityItem(
                "Posted in Cycling",
                "/talk-london/1/",
                now - timedelta(days=1),
                "Talk London",
            ),
            ActivityItem(
                "Voted in a poll", "/talk-london/2/", now, "Talk London", "Closed"
            ),
        ][:limit]

    monkeypatch.setitem(registry.activity_providers, "Talk London", talk_london)
    old = MembershipFactory(
        user=resident, organisation=OrganisationFactory(name="Old Club")
    )
    type(old).objects.filter(pk=old.pk).update(joined_at=now - timedelta(days=2))
    client.force_login(resident)

    html = client.get(reverse("civic:activity")).content.decode()

    assert (
        html.index("Voted in a poll")
        < html.index("Posted in Cycling")
        < html.index("Old Club")
    )
    assert "Closed" in html


def test_activity_is_paginated_25_to_a_page(client, resident):
    for _ in range(30):
        MembershipFactory(user=resident)
    client.force_login(resident)

    first = client.get(reverse("civic:activity"))
    second = client.get(reverse("civic:activity"), {"page": 2})

    assert _rows(first) == 25
    assert _rows(second) == 5
    assert 'class="govuk-pagination"' in first.content.decode()
    assert "?page=2" in first.content.decode()
    assert "<title>Your activity (page 2 of 2) – " in second.content.decode()


def test_activity_page_numbers_that_are_not_pages_show_a_real_page(client, resident):
    MembershipFactory(user=resident)
    client.force_login(resident)
    assert client.get(reverse("civic:activity"), {"page": "abc"}).status_code == 200
    assert client.get(reverse("civic:activity"), {"page": "99"}).status_code == 200


def test_activity_with_nothing_done_yet_says_so(client, resident):
    client.force_login(resident)
    html = client.get(reverse("civic:activity")).content.decode()
    assert "You have not done anything on the portal yet" in html
    assert "govuk-pagination" not in html


def test_activity_only_shows_your_own(client, resident, other_resident):
    MembershipFactory(
        user=other_resident, organisation=OrganisationFactory(name="Not Yours")
    )
    client.force_login(resident)
    assert "Not Yours" not in client.get(reverse("civic:activity")).content.decode()


def test_activity_query_count_does_not_grow_with_items(
    client, resident, django_assert_max_num_queries
):
    client.force_login(resident)
    for _ in range(3):
        MembershipFactory(user=resident)
    # One query per app that reports activity, plus the page's own few.
    from civic.registry import registry

    budget = len(registry.activity_providers) + 8
    with django_assert_max_num_queries(budget) as few:
        client.get(reverse("civic:activity"))
    for _ in range(30):
        MembershipFactory(user=resident)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("civic:activity"))
    assert _rows(response) == 25
