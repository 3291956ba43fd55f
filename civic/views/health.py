import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    cache.set("healthz", "ok", timeout=10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was written")
    return "ok"


def _check_broker() -> str:
    from civic.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    # Fail fast: a load balancer asks again in a few seconds anyway.
    with app.connection_for_write(connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=0, timeout=2)
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database, cache and broker answer, else 503."""
    results = {}
    healthy = True
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("broker", _check_broker),
    ):
        try:
            results[name] = check()
        except Exception:  # any failure means "not healthy", whatever raised it
            logger.exception("healthz: %s check failed", name)
            results[name] = "error"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
