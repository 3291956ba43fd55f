"""A worker dies while Crowdfund London closes campaigns: the next run finishes
the job exactly once, because every step is decided by database state.

The crash is injected as an exception raised from inside the work after part
of it has committed (one campaign closed, some pledges captured), which is what
a worker killed with SIGKILL leaves behind: the committed part stays, the rest
rolls back, and with ``acks_late`` (or the beat schedule) the task runs again.
Each effect is then counted: status, money moved (gateway captures and
releases, campaign totals) and emails in the outbox.
"""

import datetime

import pytest
from django.utils import timezone

from civic.celery import app as celery_app
from civic.models import FailedTask, OutboxEmail
from civic.tests.factories import UserFactory
from crowdfund import tasks
from crowdfund.models import GatewayTransaction, Pledge, Project
from crowdfund.services import closing
from crowdfund.tests.conftest import funding_round, live_project  # noqa: F401
from crowdfund.tests.factories import LiveProjectFactory, pledge_paid

pytestmark = pytest.mark.django_db


class WorkerKilled(Exception):
    """Stands for SIGKILL: raised from inside the work, never caught by it."""


@pytest.fixture
def run_like_a_worker(django_capture_on_commit_callbacks):
    """Run a task eagerly the way a worker would: its failure is recorded, not
    raised, and the tasks it queues after its commits run each on their own."""

    def run(task, *args):
        celery_app.conf.task_eager_propagates = False
        try:
            with django_capture_on_commit_callbacks(execute=True):
                return task.delay(*args)
        finally:
            celery_app.conf.task_eager_propagates = True

    return run


def _due(project):
    Project.objects.filter(pk=project.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )


def _long_ago(project):
    """As if the closing happened two hours ago, when the worker died."""
    Project.objects.filter(pk=project.pk).update(
        closed_at=timezone.now() - datetime.timedelta(hours=2)
    )


def _emails(subject_part):
    return [
        tuple(email.to)
        for email in OutboxEmail.objects.order_by("pk")
        if subject_part in email.subject
    ]


def _emails_exact(subject):
    return [
        tuple(email.to)
        for email in OutboxEmail.objects.filter(subject=subject).order_by("pk")
    ]


def _succeeded(kind, **filters):
    return GatewayTransaction.objects.filter(
        kind=kind, outcome="succeeded", **filters
    ).count()


@pytest.fixture
def backers(db):
    return [UserFactory(email=f"backer{i}@example.com") for i in range(3)]


def test_a_crash_after_one_campaign_closed_closes_the_other_once_on_the_next_run(
    funding_round,  # noqa: F811
    organisation,
    resident,
    backers,
    run_like_a_worker,
    monkeypatch,
):
    first, second = (
        LiveProjectFactory(
            created_by=resident,
            funding_round=funding_round,
            organisation=organisation,
            title=title,
        )
        for title in ("Tottenham benches", "Peckham pond")
    )
    for project in (first, second):
        for backer in backers[:2]:
            pledge_paid(project=project, backer=backer, amount_pence=500_000)
        _due(project)
    OutboxEmail.objects.all().delete()  # the pledges' own confirmations

    real_email_team = closing._email_team

    def crash_on_the_second(project, template):
        if project.pk == second.pk:
            raise WorkerKilled  # part-way through the second campaign's close
        real_email_team(project, template)

    monkeypatch.setattr(closing, "_email_team", crash_on_the_second)
    assert run_like_a_worker(tasks.close_due_campaigns).failed()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Project.Status.DELIVERING  # closed and collected
    assert second.status == Project.Status.LIVE  # its close rolled back whole
    assert not second.pledges.exclude(status=Pledge.Status.CONFIRMED).exists()
    assert _succeeded("capture", pledge__project=second) == 0
    assert FailedTask.objects.get().task_name == tasks.CLOSE_TASK

    monkeypatch.setattr(closing, "_email_team", real_email_team)
    assert run_like_a_worker(tasks.close_due_campaigns).successful()
    assert run_like_a_worker(tasks.close_due_campaigns).successful()  # and again

    for project in (first, second):
        project.refresh_from_db()
        assert project.status == Project.Status.DELIVERING
        assert project.crowd_pence == 1_000_000
        assert (
            list(project.pledges.values_list("status", flat=True))
            == [Pledge.Status.COLLECTED] * 2
        )
        assert _succeeded("capture", pledge__project=project) == 2
        assert _emails_exact(f"{project.title} is funded") == [(resident.email,)]
        assert sorted(_emails(f"{project.title} is funded: your pledge")) == [
            (backer.email,) for backer in backers[:2]
        ]


def test_a_crash_between_captures_collects_the_rest_once_on_the_next_run(
    live_project,  # noqa: F811
    resident,
    backers,
    run_like_a_worker,
    monkeypatch,
):
    pledges = [
        pledge_paid(project=live_project, backer=backer, amount_pence=400_000)
        for backer in backers
    ]
    _due(live_project)
    OutboxEmail.objects.all().delete()

    real_email_backer = closing._email_backer

    def crash_after_capturing_the_second(pledge, project, template):
        if pledge.pk == pledges[1].pk:
            # The provider has captured it; the worker dies before our commit.
            raise WorkerKilled
        real_email_backer(pledge, project, template)

    monkeypatch.setattr(closing, "_email_backer", crash_after_capturing_the_second)
    assert run_like_a_worker(tasks.close_due_campaigns).successful()
    live_project.refresh_from_db()
    assert live_project.status == Project.Status.FUNDED  # one capture still to do
    statuses = [Pledge.objects.get(pk=pledge.pk).status for pledge in pledges]
    assert statuses == [
        Pledge.Status.COLLECTED,
        Pledge.Status.CONFIRMED,
        Pledge.Status.COLLECTED,
    ]
    assert FailedTask.objects.get().task_name == "crowdfund.pledge_collect"

    monkeypatch.setattr(closing, "_email_backer", real_email_backer)
    # Within the hour the captures' own retries may still be running: the
    # beat task leaves the pledge alone.
    run_like_a_worker(tasks.close_due_campaigns)
    assert Pledge.objects.get(pk=pledges[1].pk).status == Pledge.Status.CONFIRMED
    # An hour on, the beat task starts the lost capture again, once.
    _long_ago(live_project)
    run_like_a_worker(tasks.close_due_campaigns)
    run_like_a_worker(tasks.close_due_campaigns)
    # A redelivered message (acks_late after SIGKILL) for the same pledge.
    run_like_a_worker(tasks.pledge_collect, pledges[1].pk)

    live_project.refresh_from_db()
    assert live_project.status == Project.Status.DELIVERING
    assert live_project.crowd_pence == 1_200_000
    for pledge in pledges:
        pledge.refresh_from_db()
        assert pledge.status == Pledge.Status.COLLECTED
        assert _succeeded("capture", pledge=pledge) == 1
    assert sorted(_emails("your pledge has been collected")) == sorted(
        (backer.email,) for backer in backers
    )
    assert _emails_exact(f"{live_project.title} is funded") == [(resident.email,)]


def test_a_crash_while_releasing_an_unfunded_campaign_releases_once(
    live_project,  # noqa: F811
    resident,
    backers,
    run_like_a_worker,
    monkeypatch,
):
    pledges = [
        pledge_paid(project=live_project, backer=backer, amount_pence=1_000)
        for backer in backers
    ]
    _due(live_project)
    OutboxEmail.objects.all().delete()
    real_email_team = closing._email_team

    def crash(project, template):
        raise WorkerKilled

    monkeypatch.setattr(closing, "_email_team", crash)
    assert run_like_a_worker(tasks.close_due_campaigns).failed()
    live_project.refresh_from_db()
    assert live_project.status == Project.Status.LIVE
    assert live_project.crowd_pence == 3_000
    assert not OutboxEmail.objects.exists()
    assert _succeeded("release", pledge__project=live_project) == 0

    monkeypatch.setattr(closing, "_email_team", real_email_team)
    run_like_a_worker(tasks.close_due_campaigns)
    run_like_a_worker(tasks.close_due_campaigns)
    for pledge in pledges:  # redelivered release tasks change nothing
        run_like_a_worker(tasks.pledge_release, pledge.pk)

    live_project.refresh_from_db()
    assert live_project.status == Project.Status.UNFUNDED
    assert live_project.crowd_pence == 0
    for pledge in pledges:
        pledge.refresh_from_db()
        assert pledge.status == Pledge.Status.RELEASED
        assert _succeeded("release", pledge=pledge) == 1
        assert _succeeded("capture", pledge=pledge) == 0
    assert sorted(_emails("you will not be charged")) == sorted(
        (backer.email,) for backer in backers
    )
    assert _emails_exact(f"{live_project.title} did not reach its target") == [
        (resident.email,)
    ]


def test_a_database_error_during_a_capture_is_retried_not_recorded_as_the_providers(
    live_project,  # noqa: F811
    backers,
    run_like_a_worker,
    monkeypatch,
):
    """The database dropping the connection mid-capture is our failure, not the
    provider's: the task retries (it used to record a provider "error" and then
    fail on the broken transaction with TransactionManagementError)."""
    from django.db import OperationalError

    from crowdfund.payments.offline import OfflineGateway

    pledges = [
        pledge_paid(project=live_project, backer=backer, amount_pence=400_000)
        for backer in backers
    ]
    _due(live_project)
    real_capture = OfflineGateway.capture
    calls = []

    def capture_once_failing(self, pledge):
        calls.append(pledge.pk)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_capture(self, pledge)

    monkeypatch.setattr(OfflineGateway, "capture", capture_once_failing)
    run_like_a_worker(tasks.close_due_campaigns)

    assert len(calls) == 4  # three captures, one of them tried twice
    for pledge in pledges:
        pledge.refresh_from_db()
        assert pledge.status == Pledge.Status.COLLECTED
        assert _succeeded("capture", pledge=pledge) == 1
    assert not GatewayTransaction.objects.filter(
        pledge__project=live_project, outcome="error"
    ).exists()
    assert not FailedTask.objects.exists()
