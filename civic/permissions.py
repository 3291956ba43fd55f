"""Access rules shared by every app: who counts as staff, and verified email."""

from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


def is_portal_staff(user) -> bool:
    """Anyone who can reach the Wagtail admin: superusers and staff-group members."""
    return user.is_authenticated and (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def verified_email_required(view):
    """Signed-in and email verified, or sent to the page that asks them to verify.

    Posting, pledging and applying all need this (issue 2); reading never does.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_verified_email(request.user):
            messages.info(
                request,
                _(
                    "Confirm your email address before you continue. We have sent you a link."
                ),
            )
            return redirect("civic:verify_email_needed")
        return view(request, *args, **kwargs)

    return wrapper


def staff_permission_required(*perms: str):
    """A staff page in the public design (e.g. a library's lending desk).

    Anonymous people are sent to sign in; signed-in people without every one of
    ``perms`` get 403. Two-factor sign-in is enforced for these paths by
    ``StaffMFARequiredMiddleware`` (``settings.CIVIC_STAFF_AREAS``).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
