"""The benchmark's ceiling: the cheapest response the stack can give.

Served only with ``CIVIC_BENCHMARK=1`` (benchmark settings), through the same
gunicorn, middleware and database connection handling as every page, so each
key page's throughput can be read as a share of it (``benchmarks/bench.py``).
"""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

CEILING_BODY = b"ok\n"


@require_GET
def ceiling(request):
    return HttpResponse(CEILING_BODY, content_type="text/plain")
