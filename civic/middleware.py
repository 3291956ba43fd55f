from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from civic.permissions import is_portal_staff


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

            return healthz(request)
        return self.get_response(request)


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
        return parts


class StaffMFARequiredMiddleware:
    """Staff reach the Wagtail admin only once they have an authenticator app set up.

    allauth then asks for a code at every sign-in, so an admin session always
    passed two factors.
    """

    PROTECTED_PREFIXES = ("/admin/", "/" + settings.CIVIC_ADMIN_PATH)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.CIVIC_STAFF_MFA_REQUIRED
            and request.path_info.startswith(self.PROTECTED_PREFIXES)
            and request.user.is_authenticated
            and is_portal_staff(request.user)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                _(
                    "Set up an authenticator app before you use the admin. "
                    "Staff accounts need two-factor authentication."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
