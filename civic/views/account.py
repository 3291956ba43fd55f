"""'Your account': the dashboard, profile, activity and the confirm-your-email page."""

from allauth.account.internal.flows.email_verification import (
    send_verification_email_to_address,
)
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from civic.forms.profile import ProfileForm
from civic.selectors import activity_for_user
from civic.services.organisations import invitations_open_for_user

ACTIVITY_PER_PAGE = 25


def _primary_address(user) -> EmailAddress | None:
    addresses = list(
        EmailAddress.objects.filter(user=user).order_by("-primary", "-verified")
    )
    return addresses[0] if addresses else None


@login_required
@require_safe
def account_home(request):
    user = request.user
    addresses = list(EmailAddress.objects.filter(user=user))
    primary = next(
        (a for a in addresses if a.primary), addresses[0] if addresses else None
    )
    pending = next((a for a in addresses if not a.verified and not a.primary), None)
    memberships = list(
        user.memberships.select_related("organisation").order_by("organisation__name")
    )
    return render(
        request,
        "civic/account/home.html",
        {
            "email_address": primary,
            "email_verified": bool(primary and primary.verified),
            "pending_email": pending,
            "has_totp": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists(),
            "memberships": memberships,
            "invitations": invitations_open_for_user(user),
        },
    )


@login_required
def profile_edit(request):
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been updated"))
        return redirect("civic:account")
    return render(request, "civic/account/profile_edit.html", {"form": form})


@login_required
@require_safe
def activity(request):
    items = activity_for_user(request.user)
    page = Paginator(items, ACTIVITY_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "civic/account/activity.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def verify_email_needed(request):
    """Why someone must confirm their email first, and a button to resend the link.

    allauth's ``confirm_email`` rate limit (one email per address every few
    minutes) applies to the button, so it cannot be used to flood an inbox.
    """
    address = _primary_address(request.user)
    if address is not None and address.verified:
        if request.method == "POST":
            messages.info(request, _("Your email address is already confirmed"))
            return redirect("civic:account")
        return render(
            request, "civic/account/verify_email_needed.html", {"address": address}
        )
    if request.method == "POST":
        if address is None:
            messages.error(request, _("Add an email address to your account first"))
            return redirect("account_email")
        # allauth adds its own "we have sent a link" message when it sends.
        if not send_verification_email_to_address(request, address):
            messages.warning(
                request,
                _(
                    "We sent you a link a few minutes ago. Check your inbox and spam "
                    "folder, or wait a few minutes and ask again"
                ),
            )
        return redirect("civic:verify_email_needed")
    return render(
        request, "civic/account/verify_email_needed.html", {"address": address}
    )
