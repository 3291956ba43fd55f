"""Redis stopped: the cache and the broker point at a closed port.

Pages still render (cache errors are tolerated and logged), a pledge and a post
are accepted through the views, sign-in works (allauth's rate limits, kept in
the cache, fail open), and the emails they cause wait in the outbox until the
broker is back, when the sweep sends each exactly once.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from civic import cache as tolerant
from civic.celery import app as celery_app
from civic.models import OutboxEmail
from civic.tasks import drain_outbox
from crowdfund.models import Pledge
from crowdfund.payments.offline import GOOD_CARD, OfflineGateway
from crowdfund.tests.conftest import backer, funding_round, live_project  # noqa: F401
from talk_london.models import Post, ThreadFollow
from talk_london.tasks_discussions import send_discussion_digests
from talk_london.tests.conftest import member  # noqa: F401
from talk_london.tests.discussions_fixtures import (  # noqa: F401
    make_trusted,
    other_member,
    thread,
    topic,
)

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/10"


@pytest.fixture
def redis_down(settings):
    """The cache and the broker both on a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "civic.cache.TolerantRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    tolerant._down_until.clear()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = CLOSED_PORT
    celery_app._pool = None
    celery_app.amqp._producer_pool = None

    def back():
        celery_app.conf.broker_url = original
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app.conf.task_always_eager = True

    yield back
    back()
    tolerant._down_until.clear()


def test_the_tolerant_cache_misses_and_drops_writes_and_logs_once(redis_down, caplog):
    assert cache.get("anything", "default") == "default"
    assert cache.set("key", "value") is None
    assert cache.add("key", "value") is True  # allauth takes its lock this way
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.delete("key") is False
    assert cache.has_key("key") is False
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.get_or_set("computed", lambda: 42) == 42
    warnings = [r for r in caplog.records if "Cache unavailable" in r.getMessage()]
    assert len(warnings) == 1  # then it stops trying for a few seconds


def test_the_cache_is_tried_again_after_a_pause(redis_down, monkeypatch):
    cache.get("x")
    assert tolerant._down_until
    calls = []
    monkeypatch.setattr(
        tolerant.RedisCache, "get", lambda *a, **k: calls.append(a) or "fresh"
    )
    assert cache.get("x") is None  # still within the pause
    tolerant._down_until.clear()
    assert cache.get("x") == "fresh"


def test_production_settings_use_the_tolerant_cache_with_short_timeouts():
    import os
    import subprocess
    import sys

    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.CACHES['default']))"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/10", "DEBUG": "1"}
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, check=True
    ).stdout
    import json

    config = json.loads(output)
    assert config["BACKEND"] == "civic.cache.TolerantRedisCache"
    assert config["OPTIONS"]["socket_connect_timeout"] <= 1
    assert config["OPTIONS"]["socket_timeout"] <= 1


def test_pages_render_with_redis_down(
    redis_down,
    client,
    live_project,  # noqa: F811
    thread,  # noqa: F811
):
    for url in (
        "/",
        reverse("crowdfund:browse"),
        live_project.get_absolute_url(),
        thread.get_absolute_url(),
        reverse("talk_london:topic_list"),
        reverse("account_login"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Civic-Cache") != "hit"  # rendered afresh


def test_signing_in_works_with_redis_down(redis_down, client, resident):
    resident.set_password("a long enough password")
    resident.save()
    response = client.post(
        reverse("account_login"),
        {"login": resident.email, "password": "a long enough password"},
    )
    assert response.status_code == 302
    assert client.get(reverse("civic:account")).status_code == 200


def _pledge_through_the_views(client, project, amount="25"):
    start = reverse("crowdfund:pledge_start", args=[project.slug])
    html = client.get(start).content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    response = client.post(
        start,
        {"amount": amount, "is_anonymous": "no", "message": "", "idempotency_key": key},
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get(idempotency_key=key)
    OfflineGateway().submit_card(pledge, GOOD_CARD)
    response = client.get(reverse("crowdfund:pledge_return", args=[pledge.public_id]))
    assert response["Location"] == reverse(
        "crowdfund:pledge_detail", args=[pledge.public_id]
    )
    assert client.get(response["Location"]).status_code == 200
    pledge.refresh_from_db()
    return pledge


def test_a_pledge_and_a_post_are_accepted_and_their_emails_sent_once_redis_is_back(
    redis_down,
    client,
    backer,  # noqa: F811
    live_project,  # noqa: F811
    member,  # noqa: F811
    other_member,  # noqa: F811
    thread,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    ThreadFollow.objects.update_or_create(
        thread=thread,
        user=other_member,
        defaults={"last_notified_at": timezone.now() - timezone.timedelta(days=1)},
    )
    make_trusted(member, thread)

    # The on-commit callbacks run, and find the broker down.
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(backer)
        pledge = _pledge_through_the_views(client, live_project)

        client.force_login(member)
        response = client.post(
            reverse("talk_london:thread_reply", args=[thread.topic.slug, thread.pk]),
            {"body": "Posted while Redis was down"},
        )
        assert response.status_code == 302
        # The morning digest runs (here by hand) and queues its email.
        send_discussion_digests()

    assert pledge.status == Pledge.Status.CONFIRMED
    live_project.refresh_from_db()
    assert live_project.crowd_pence == 2_500
    post = Post.objects.get(body_source="Posted while Redis was down")
    assert post.status == Post.Status.PUBLISHED
    assert client.get(thread.get_absolute_url()).status_code == 200

    waiting = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING)
    assert sorted(email.to[0] for email in waiting) == sorted(
        [backer.email, other_member.email]
    )
    assert mail.outbox == []

    redis_down()  # Redis is back: the every-minute sweep runs
    assert drain_outbox() == 2
    assert drain_outbox() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [backer.email, other_member.email]
    )
    digest = next(m for m in mail.outbox if m.to == [other_member.email])
    assert "Posted while Redis was down" in digest.body
    assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists()
