import logging
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.permissions import is_portal_staff

logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """Answers ``/healthz`` before host validation and the https redirect.

    Load balancers and container healthchecks probe over plain http with their
    own address as the Host header, which ALLOWED_HOSTS rightly refuses for
    every other page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            from civic.views.health import healthz

            return with_security_headers(request, healthz(request))
        return self.get_response(request)


def with_security_headers(request, response):
    """The headers the rest of the middleware sets, for a response answered
    before it runs (the health check): every response carries them."""
    headers = {
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        "Permissions-Policy": settings.PERMISSIONS_POLICY,
    }
    if request.is_secure() and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
    for name, value in headers.items():
        response.setdefault(name, value)
    return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """Strict CSP everywhere; the staff-only admin gets inline styles and scripts,
    which Wagtail's admin still needs."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(
            settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES
        ):
            update = dict(parts.update or {})
            update["script-src"] = ["'unsafe-inline'", "'unsafe-eval'"]
            update["style-src"] = ["'unsafe-inline'"]
            update["img-src"] = ["blob:"]
            parts.update = update
            # The page editor's live preview frames our own admin.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


def session_passed_mfa(request) -> bool:
    """True when this session's sign-in (or a later re-check) included a code
    from an authenticator app, as recorded by allauth."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class StaffMFARequiredMiddleware:
    """Staff reach the admin only with two factors *in this session*.

    Having an authenticator is not enough: a session signed in some other way
    (a password alone, an email link) is sent to enter a code first. Staff
    without an authenticator are sent to set one up.
    """

    # The Wagtail and Django admins, and the staff areas feature apps serve in
    # the public design (settings.CIVIC_STAFF_AREAS).
    PROTECTED_PREFIXES = (
        "/admin/",
        "/" + settings.CIVIC_ADMIN_PATH,
        *settings.CIVIC_STAFF_AREAS,
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            settings.CIVIC_STAFF_MFA_REQUIRED
            and request.path_info.startswith(self.PROTECTED_PREFIXES)
            and request.user.is_authenticated
            and is_portal_staff(request.user)
        ):
            return self.get_response(request)
        if session_passed_mfa(request):
            # A code from an authenticator was entered in this session (read
            # from the session itself: no query on every staff request).
            return self.get_response(request)
        has_totp = Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
        if not has_totp:
            messages.warning(
                request,
                _(
                    "Set up an authenticator app before you use the admin. "
                    "Staff accounts need two-factor authentication."
                ),
            )
            return redirect("mfa_activate_totp")
        messages.info(
            request,
            _("Enter the code from your authenticator app to use the admin."),
        )
        login_url = reverse("mfa_reauthenticate")
        return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")


# What a database that is restarting or unreachable raises: a refused or dropped
# connection (OperationalError), or a connection already closed (InterfaceError).
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    """GOV.UK's "Sorry, the service is unavailable", rendered without the
    request (no context processor, no session, no user): nothing here may touch
    the database."""
    from civic.views.errors import _stylesheet

    template = loader.get_template("503.html")
    context = {"service_name": settings.WAGTAIL_SITE_NAME, "stylesheet": _stylesheet()}
    response = HttpResponse(template.render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database that stops answering (a restart, a failover) gets a clear 503
    with ``Retry-After`` instead of a 500 and a stack trace in the log.

    Django closes the broken connection at the end of the request and, with
    ``CONN_HEALTH_CHECKS``, checks a reused one before the next, so the site
    recovers by itself when the database is back. Errors raised outside a view
    (in another middleware) reach ``civic.views.errors.server_error``, which
    answers the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            logger.warning(
                "Database unavailable for %s %s: %s",
                request.method,
                request.path,
                exception,
            )
            return database_unavailable_response()
        return None
