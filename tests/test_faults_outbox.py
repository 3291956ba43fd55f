"""The email outbox: written in the caller's transaction, sent exactly once,
retried with backoff, given up on visibly; failed tasks are recorded; both are
shown to superusers (and only to them) in the Wagtail admin."""

import datetime
import smtplib

import pytest
from celery import shared_task
from django.core import mail
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from civic.celery import app as celery_app
from civic.models import FailedTask, OutboxEmail
from civic.services.email import email_send_rendered
from civic.tasks import RETRY_OPTIONS, drain_outbox, enqueue, outbox_deliver
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def _queue(to="resident@example.com", subject="Your pledge"):
    return email_send_rendered(to=[to], subject=subject, body="Thank you")


def test_an_email_is_a_row_in_the_callers_transaction(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            email = _queue()
            assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING
            assert mail.outbox == []  # nothing leaves before the commit
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    assert [m.to for m in mail.outbox] == [["resident@example.com"]]


def test_a_rolled_back_change_leaves_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            _queue()
            raise Rollback
    assert callbacks == []
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_each_email_is_sent_once_however_often_it_is_delivered_and_drained():
    email = _queue()  # on_commit never runs here: as if the broker were down
    assert outbox_deliver(email_id=email.pk) is True
    assert outbox_deliver(email_id=email.pk) is False
    assert drain_outbox() == 0
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_was_never_queued_oldest_first():
    first, second = _queue(subject="First"), _queue(subject="Second")
    assert drain_outbox() == 2
    assert [m.subject for m in mail.outbox] == ["First", "Second"]
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.sent_at <= second.sent_at


def test_a_failed_send_is_retried_with_backoff_and_then_given_up(settings):
    settings.EMAIL_BACKEND = "tests.test_faults_outbox.RefusingBackend"
    email = _queue()
    before = timezone.now()
    assert drain_outbox() == 0
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at >= before + datetime.timedelta(minutes=1)
    assert drain_outbox() == 0  # not due yet: no second attempt straight away
    assert OutboxEmail.objects.get().attempts == 1

    for attempt in range(2, OutboxEmail.MAX_ATTEMPTS + 1):
        OutboxEmail.objects.update(next_attempt_at=timezone.now())
        drain_outbox()
        email.refresh_from_db()
        assert email.attempts == attempt
    assert email.status == OutboxEmail.Status.FAILED
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    assert drain_outbox() == 0
    assert OutboxEmail.objects.get().attempts == OutboxEmail.MAX_ATTEMPTS


def test_backoff_doubles_up_to_six_hours():
    email = OutboxEmail(attempts=1)
    assert email.backoff() == datetime.timedelta(minutes=1)
    email.attempts = 4
    assert email.backoff() == datetime.timedelta(minutes=8)
    email.attempts = 30
    assert email.backoff() == datetime.timedelta(hours=6)


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def broker_down(settings):
    """Eager mode off and the broker on a closed port: publishing fails."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/10"
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.broker_url = original
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.task_always_eager = True


def test_enqueue_tolerates_a_broker_that_is_down(broker_down, caplog):
    email = _queue()
    assert enqueue(celery_app.tasks["civic.deliver_outbox_email"], email.pk) is False
    assert "Broker unavailable" in caplog.text


def test_a_commit_with_the_broker_down_keeps_the_email_for_the_sweep(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    assert mail.outbox == []

    celery_app.conf.task_always_eager = True  # the broker is back
    assert drain_outbox() == 1
    assert len(mail.outbox) == 1


def test_every_task_retries_with_backoff_and_the_sweep_is_scheduled():
    celery_app.loader.import_default_modules()
    ours = {
        name: task
        for name, task in celery_app.tasks.items()
        if not name.startswith(("celery.", "tests."))
    }
    assert len(ours) >= 13
    for name, task in ours.items():
        assert OperationalError in task.autoretry_for, name
        assert task.retry_backoff, name
        assert task.max_retries == RETRY_OPTIONS["max_retries"], name
    schedule = celery_app.conf.beat_schedule
    assert schedule["civic-drain-outbox"]["task"] == "civic.drain_outbox"
    assert schedule["civic-drain-outbox"]["schedule"] == 60.0
    assert {entry["task"] for entry in schedule.values()} <= set(ours)


@shared_task(name="tests.always_fails", **RETRY_OPTIONS)
def always_fails(label):
    raise OperationalError(f"server closed the connection ({label})")


@shared_task(name="tests.fails_with_a_bug")
def fails_with_a_bug():
    raise ValueError("a bug")


def test_a_task_that_fails_after_its_last_retry_is_recorded(settings):
    celery_app.conf.task_eager_propagates = False
    try:
        result = always_fails.delay("close")
    finally:
        celery_app.conf.task_eager_propagates = True
    assert result.failed()
    [failed] = FailedTask.objects.all()
    assert failed.task_name == "tests.always_fails"
    assert "OperationalError" in failed.exception
    assert "'close'" in failed.args
    assert "Traceback" in failed.traceback


def test_a_task_that_raises_a_bug_is_recorded_without_retrying():
    celery_app.conf.task_eager_propagates = False
    try:
        fails_with_a_bug.delay()
    finally:
        celery_app.conf.task_eager_propagates = True
    assert FailedTask.objects.get().exception == "ValueError: a bug"


def test_superusers_see_failed_tasks_and_stuck_emails_and_can_resend(client, superuser):
    FailedTask.objects.create(
        task_name="crowdfund.pledge_collect", args="(7,)", exception="Boom"
    )
    OutboxEmail.objects.create(
        to=["gone@example.com"],
        subject="Failed one",
        body="-",
        status=OutboxEmail.Status.FAILED,
        attempts=OutboxEmail.MAX_ATTEMPTS,
        last_error="SMTPRecipientsRefused",
    )
    OutboxEmail.objects.create(
        to=["late@example.com"],
        subject="Stuck one",
        body="-",
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    OutboxEmail.objects.create(to=["new@example.com"], subject="Fresh one", body="-")
    force_login_with_mfa(client, superuser)

    response = client.get(reverse("civic_faults"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("crowdfund.pledge_collect", "Boom", "Failed one", "Stuck one"):
        assert text in page
    assert "Fresh one" not in page  # waiting less than 15 minutes is normal
    assert "SMTPRecipientsRefused" in page

    failed = OutboxEmail.objects.get(subject="Failed one")
    response = client.post(reverse("civic_faults"), {"email": failed.pk})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxEmail.Status.PENDING, 0)
    assert drain_outbox() == 3
    assert client.post(reverse("civic_faults"), {"email": "x"}).status_code == 404


def test_only_superusers_reach_the_failed_work_screen(
    client, moderator, crowdfund_officer, resident
):
    url = reverse("civic_faults")
    assert client.get(url).status_code == 302  # to sign in
    for user in (moderator, crowdfund_officer):
        force_login_with_mfa(client, user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"email": 1}).status_code == 403
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert url not in home
    client.force_login(resident)
    assert client.get(url).status_code in (302, 403)
