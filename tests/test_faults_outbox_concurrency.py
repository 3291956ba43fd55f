"""Two workers (the on-commit task and the every-minute sweep) reach the same
outbox email at once: the row lock with SKIP LOCKED lets one send it."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection

from civic.models import OutboxEmail
from civic.tasks import drain_outbox, outbox_deliver

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks, so the race cannot happen",
    ),
]


class SlowBackend:
    """Holds the row lock for a while, as a slow mail server would."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        time.sleep(0.5)
        mail.outbox.extend(messages)
        return len(messages)


def test_two_workers_send_each_email_once(settings):
    settings.EMAIL_BACKEND = "tests.test_faults_outbox_concurrency.SlowBackend"
    emails = [
        OutboxEmail.objects.create(to=[f"r{n}@example.com"], subject="Hi", body="-")
        for n in range(5)
    ]
    barrier = threading.Barrier(3)
    results = []

    def on_commit_task(email_id):
        try:
            barrier.wait()
            results.append(outbox_deliver(email_id=email_id))
        finally:
            connection.close()

    def sweep():
        try:
            barrier.wait()
            results.append(drain_outbox())
        finally:
            connection.close()

    threads = [
        threading.Thread(target=on_commit_task, args=(emails[0].pk,)),
        threading.Thread(target=on_commit_task, args=(emails[0].pk,)),
        threading.Thread(target=sweep),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.to[0] for e in emails)
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert set(OutboxEmail.objects.values_list("attempts", flat=True)) == {1}
