"""Email goes through a real Celery worker and Redis, and only after commit.

These tests start an embedded worker thread against the Redis in REDIS_URL
(as CI and production have) with eager mode off, so the message really
crosses the broker.
"""

import os
import time

import pytest
from celery.fixups.django import DjangoFixup
from celery.signals import task_received
from django.core import mail
from django.db import connection, transaction

from civic.celery import app
from civic.services.email import email_send_rendered

pytestmark = [
    # The worker reads the outbox row from its own connection: it must commit.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs REDIS_URL (a real Redis broker); .ci/run sets it",
    ),
]


class Rollback(Exception):
    pass


@pytest.fixture
def worker(settings, mailoutbox):
    """A Celery worker thread consuming from the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    # Celery's Django fixup closes the database connections when a worker
    # starts and around each task. Here the worker lives in the test's own
    # process, so that would close the test's connection in the middle of its
    # transaction. CELERY_DB_REUSE_MAX is Celery's own switch for keeping them.
    django_fixup = next(f for f in app._fixups if isinstance(f, DjangoFixup))
    reuse_max = django_fixup.worker_fixup.db_reuse_max
    django_fixup.worker_fixup.db_reuse_max = 1_000_000
    app.control.purge()  # nothing left over from an earlier run
    received = []

    def on_received(sender=None, request=None, **kwargs):
        received.append(request.name)

    task_received.connect(on_received, weak=False)
    try:
        with start_worker(
            app,
            pool="threads",
            concurrency=1,
            perform_ping_check=False,
            shutdown_timeout=20,
        ) as running:
            running.received = received
            yield running
        assert not connection.closed_in_transaction, (
            "the worker closed the test's connection"
        )
    finally:
        task_received.disconnect(on_received)
        django_fixup.worker_fixup.db_reuse_max = reuse_max
        app.conf.task_always_eager = True


def wait_for_outbox(count: int, timeout: float = 15) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(mail.outbox) >= count:
            return mail.outbox
        time.sleep(0.05)
    raise AssertionError(
        f"expected {count} email(s) within {timeout}s, got {len(mail.outbox)}"
    )


def test_email_is_sent_by_the_worker_after_commit(worker):
    with transaction.atomic():
        email_send_rendered(
            to=["resident@example.com"], subject="Welcome", body="Hello from City Hall"
        )
        # Nothing is enqueued while the transaction is still open.
        time.sleep(0.3)
        assert mail.outbox == []
        assert worker.received == []

    [message] = wait_for_outbox(1)
    assert message.to == ["resident@example.com"]
    assert message.subject == "Welcome"
    assert message.body == "Hello from City Hall"
    # It crossed the broker: the worker received it (eager mode would not).
    assert worker.received == ["civic.deliver_outbox_email"]


def test_no_email_is_sent_when_the_transaction_rolls_back(worker):
    from civic.models import OutboxEmail

    with pytest.raises(Rollback), transaction.atomic():
        email_send_rendered(to=["rolled-back@example.com"], subject="Never", body="-")
        raise Rollback
    assert not OutboxEmail.objects.exists()

    # A later email that does commit goes through the same queue; once it has
    # arrived, the rolled-back one would have arrived before it if it had been sent.
    email_send_rendered(to=["committed@example.com"], subject="Sent", body="-")
    wait_for_outbox(1)
    time.sleep(0.3)
    assert [m.to for m in mail.outbox] == [["committed@example.com"]]
