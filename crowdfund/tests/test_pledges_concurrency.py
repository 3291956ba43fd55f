"""Pledges at the same moment, on PostgreSQL with real threads."""

import uuid

import pytest
from django.db import connection
from django.db.models import Count, Sum

from civic.tests.factories import UserFactory
from crowdfund.models import Pledge, Project
from crowdfund.services.pledges import PledgeError, pledge_create
from crowdfund.tests.factories import LiveProjectFactory, pledge_paid
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
    ),
]

PLEDGES = 50


def test_50_pledges_at_once_add_up_exactly():
    project = LiveProjectFactory(target_pence=10_000_000)
    backers = [UserFactory() for _ in range(PLEDGES)]
    amounts = [200 + 137 * i for i in range(PLEDGES)]

    def pledge(backer, amount):
        pledge_paid(
            project=Project.objects.get(pk=project.pk),
            backer=backer,
            amount_pence=amount,
        )

    errors = run_together(pledge, list(zip(backers, amounts, strict=True)))

    assert errors == []
    project.refresh_from_db()
    counted = Pledge.objects.filter(project=project, status__in=Pledge.COUNTED)
    totals = counted.aggregate(total=Sum("amount_pence"), count=Count("pk"))
    assert totals["count"] == PLEDGES
    assert project.crowd_pence == totals["total"] == sum(amounts)
    assert project.backer_count == PLEDGES


def test_the_same_key_at_once_makes_one_pledge():
    project = LiveProjectFactory()
    backer = UserFactory()
    key = uuid.uuid4()
    outcomes = []

    def create():
        made = pledge_create(
            project=Project.objects.get(pk=project.pk),
            backer=backer,
            amount_pence=1_000,
            is_anonymous=False,
            message="",
            idempotency_key=key,
        )
        outcomes.append(made.created)

    errors = run_together(create, [()] * 8)

    assert errors == []
    assert sorted(outcomes) == [False] * 7 + [True]
    assert Pledge.objects.filter(backer=backer).count() == 1


def test_the_same_key_at_once_for_two_campaigns_makes_one_pledge():
    projects = [LiveProjectFactory(), LiveProjectFactory()]
    backer = UserFactory()
    key = uuid.uuid4()
    refused = []

    def create(project):
        try:
            pledge_create(
                project=Project.objects.get(pk=project.pk),
                backer=backer,
                amount_pence=1_000,
                is_anonymous=False,
                message="",
                idempotency_key=key,
            )
        except PledgeError as error:
            refused.append(error.code)

    errors = run_together(create, [(p,) for p in projects * 3])

    assert errors == []
    assert Pledge.objects.filter(backer=backer).count() == 1
    assert len(refused) == 3 and set(refused) == {"key_reused"}


def test_pledges_and_cancellations_at_once_still_add_up():
    from crowdfund.services.pledges import pledge_cancel

    project = LiveProjectFactory(target_pence=10_000_000)
    existing = [
        pledge_paid(project=project, backer=UserFactory(), amount_pence=1_000 + i)
        for i in range(20)
    ]
    newcomers = [UserFactory() for _ in range(20)]

    def cancel(pledge):
        pledge_cancel(pledge=Pledge.objects.get(pk=pledge.pk), backer=pledge.backer)

    def pledge(backer):
        pledge_paid(
            project=Project.objects.get(pk=project.pk), backer=backer, amount_pence=700
        )

    calls = [(cancel, p) for p in existing] + [(pledge, b) for b in newcomers]
    errors = run_together(lambda f, arg: f(arg), calls)

    assert errors == []
    project.refresh_from_db()
    counted = Pledge.objects.filter(project=project, status__in=Pledge.COUNTED)
    assert project.crowd_pence == counted.aggregate(t=Sum("amount_pence"))["t"]
    assert project.crowd_pence == 20 * 700
    assert project.backer_count == counted.count() == 20


def test_backers_who_pledge_several_times_at_once_are_counted_once_each():
    project = LiveProjectFactory(target_pence=10_000_000)
    backers = [UserFactory() for _ in range(10)]
    calls = [(backer, 300 + i) for backer in backers for i in range(3)]

    def pledge(backer, amount):
        pledge_paid(
            project=Project.objects.get(pk=project.pk),
            backer=backer,
            amount_pence=amount,
        )

    errors = run_together(pledge, calls)

    assert errors == []
    project.refresh_from_db()
    counted = Pledge.objects.filter(project=project, status__in=Pledge.COUNTED)
    assert counted.count() == 30
    assert project.crowd_pence == counted.aggregate(t=Sum("amount_pence"))["t"]
    assert project.backer_count == 10
