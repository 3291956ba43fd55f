"""/healthz, for load balancers: 200 when the database, cache and broker answer."""

import os

import pytest
from django.test import override_settings
from django.urls import reverse

from civic.celery import app

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: connecting is refused at once.
CLOSED_PORT = "redis://127.0.0.1:1/0"
needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs REDIS_URL (a real Redis); .ci/run and make test in CI set it",
)


@pytest.fixture
def broker_at(settings):
    """Point the Celery app at another broker for one test, checked for real."""
    original = app.conf.broker_url

    def point(url: str) -> None:
        settings.CELERY_TASK_ALWAYS_EAGER = False
        app.conf.broker_url = url

    yield point
    app.conf.broker_url = original


def test_healthz_is_200_when_every_check_passes(
    client, django_assert_num_queries, settings
):
    with django_assert_num_queries(1):
        response = client.get(reverse("civic:healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["broker"] == (
        "eager" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"
    )


def test_healthz_says_eager_when_tasks_run_in_process(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "eager"


@needs_redis
def test_healthz_checks_the_real_redis_broker(client, broker_at):
    broker_at(os.environ["REDIS_URL"])

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }


def test_healthz_is_503_when_the_broker_does_not_answer(client, broker_at):
    broker_at(CLOSED_PORT)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"] == "error"
    assert body["checks"]["database"] == "ok"


def test_healthz_is_503_when_the_cache_does_not_answer(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT,
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_is_not_cached_by_proxies(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_plain_http_behind_the_load_balancer(client, settings):
    """Load balancers probe over plain http: no redirect to https for them."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/talk-london/").status_code == 301


def test_healthz_answers_a_probe_by_ip_address(client, settings):
    """A load balancer sends its target's IP as the Host header."""
    settings.ALLOWED_HOSTS = ["civic.example.org"]

    assert client.get("/healthz", headers={"Host": "10.0.3.7:8000"}).status_code == 200
    assert (
        client.get("/talk-london/", headers={"Host": "10.0.3.7:8000"}).status_code
        == 400
    )


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
