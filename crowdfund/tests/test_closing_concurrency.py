"""The closing task run by two workers at once (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from civic.tests.factories import UserFactory
from crowdfund.models import GatewayTransaction, Pledge, Project
from crowdfund.services.closing import campaigns_close_due
from crowdfund.tests.factories import LiveProjectFactory, pledge_paid

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
    ),
]


def test_two_workers_close_each_campaign_once_and_capture_each_pledge_once():
    funded = [LiveProjectFactory(target_pence=10_000) for _ in range(3)]
    unfunded = [LiveProjectFactory(target_pence=1_000_000) for _ in range(2)]
    for project in funded + unfunded:
        for _ in range(4):
            pledge_paid(project=project, backer=UserFactory(), amount_pence=2_500)
    Project.objects.update(deadline=timezone.now() - datetime.timedelta(minutes=1))

    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(campaigns_close_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    closed = [project_id for outcome in results for project_id in outcome]
    assert sorted(closed) == sorted(p.pk for p in funded + unfunded)
    for project in funded:
        project.refresh_from_db()
        assert project.status == Project.Status.DELIVERING
        assert project.crowd_pence == 10_000
        for pledge in project.pledges.all():
            assert pledge.status == Pledge.Status.COLLECTED
            assert (
                GatewayTransaction.objects.filter(
                    pledge=pledge, kind="capture", outcome="succeeded"
                ).count()
                == 1
            )
    for project in unfunded:
        project.refresh_from_db()
        assert project.status == Project.Status.UNFUNDED
        assert project.crowd_pence == 0
        assert set(project.pledges.values_list("status", flat=True)) == {"released"}
        assert (
            GatewayTransaction.objects.filter(
                pledge__project=project, kind="release"
            ).count()
            == 4
        )
    assert not GatewayTransaction.objects.filter(
        pledge__project__in=unfunded, kind="capture"
    ).exists()
