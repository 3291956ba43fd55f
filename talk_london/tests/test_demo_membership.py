import pytest

from talk_london.demo_membership import seed_membership_demo
from talk_london.models import AboutYou, Membership, Poll, PollOption
from talk_london.representativeness import about_you_aggregate

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Membership.objects.count(),
        AboutYou.objects.count(),
        Poll.objects.count(),
        PollOption.objects.count(),
    )


def test_demo_seeder_is_idempotent_and_varied(django_assert_max_num_queries):
    with django_assert_max_num_queries(20):  # bulk: not one query per member
        seed_membership_demo(count=120)
    first = _counts()
    seed_membership_demo(count=120)
    assert _counts() == first == (120, 120, 1, 5)
    sexes = {
        cell.value for cell in about_you_aggregate(field="sex").cells if cell.count
    }
    assert sexes == {"female", "male"}
    mismatched = [
        row
        for row in AboutYou.objects.values("ethnic_group", "ethnic_background")
        if row["ethnic_group"] != "prefer_not_to_say"
        and not row["ethnic_background"].startswith(row["ethnic_group"] + "_")
    ]
    assert mismatched == []


def test_demo_seeder_is_registered():
    from civic.registry import registry

    assert "talk_london_membership" in registry.demo_seeders
