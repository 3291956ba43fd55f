"""Error pages in GOV.UK's words: handler400, 403, 404 and 500, and the CSRF
failure page (settings.CSRF_FAILURE_VIEW)."""

import logging

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static

logger = logging.getLogger(__name__)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def bad_request(request, exception=None):
    # A request refused as suspicious (a bad Host header among them) may not
    # survive the full page's context processors; then the plain page it is.
    try:
        return render(request, "errors/400.html", status=400)
    except Exception:  # noqa: BLE001 - the refusal must not become a 500
        logger.warning("Could not render the 400 page", exc_info=True)
        return HttpResponseBadRequest(
            "Sorry, we could not use what you sent.", content_type="text/plain"
        )


def csrf_failure(request, reason=""):
    """The form arrived without this site's token. Django's own page is
    written for developers; this one tells people what to do. (Django logs
    the reason to django.security.csrf.)"""
    return render(request, "errors/csrf.html", status=403)


def _stylesheet() -> str:
    try:
        return static("build/london.css")
    except Exception:  # a missing manifest entry must not turn a 500 into a crash
        logger.exception("No stylesheet for the 500 page")
        return ""


def server_error(request):
    import sys

    from civic.middleware import (
        DATABASE_UNAVAILABLE_ERRORS,
        database_unavailable_response,
    )

    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE_ERRORS):
        # The database failed outside a view (in a middleware): the same 503.
        return database_unavailable_response()
    # Rendered without the request, so no context processor runs: nothing here
    # may touch the database, the session or the cache, which may be what failed.
    template = loader.get_template("errors/500.html")
    context = {"service_name": settings.WAGTAIL_SITE_NAME, "stylesheet": _stylesheet()}
    return HttpResponseServerError(template.render(context))
