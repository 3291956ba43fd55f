"""How the portal customises allauth: email through Celery, GOV.UK wording for
errors, and no sign-in for suspended people."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civic.services.email import email_send_rendered


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails go through the same Celery path as every other email."""

    # allauth raises these from its own forms; the keys are allauth's, the
    # wording is GOV.UK's (say what to do, not what went wrong).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account has been closed"),
        "cannot_remove_primary_email": _("You cannot remove your main email address"),
        "duplicate_email": _("That is already your email address"),
        "email_password_mismatch": _(
            "Enter a correct email address and password. The password is case sensitive"
        ),
        # Sign-up never shows this (verification is mandatory, so allauth hides
        # a taken address there); adding an address to an account can.
        "email_taken": _(
            "There is already an account with this email address. Sign in, or reset "
            "your password if you have forgotten it"
        ),
        "enter_current_password": _("Enter your current password"),
        "incorrect_code": _("Enter the code we sent you"),
        "incorrect_password": _("Enter your password correctly"),
        "invalid_or_expired_key": _("The link has expired or has already been used"),
        "invalid_password_reset": _(
            "The password reset link has expired or has already been used"
        ),
        "max_email_addresses": _("You cannot add more than %d email addresses"),
        "same_as_current": _(
            "Enter an email address that is different from your current one"
        ),
        "too_many_login_attempts": _(
            "You have tried to sign in too many times. Wait 5 minutes and try again"
        ),
        "unknown_email": _("Enter the email address you signed up with"),
        "unverified_primary_email": _("Confirm your email address first"),
        "rate_limited": _(
            "You have done that too many times. Wait a few minutes and try again"
        ),
    }

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html_body = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html_body = content
        email_send_rendered(
            to=list(message.to),
            subject=message.subject,
            body=message.body,
            html_body=html_body,
            from_email=message.from_email,
        )

    def get_password_change_redirect_url(self, request) -> str:
        return reverse("civic:account")

    def pre_login(self, request, user, **kwargs):
        """Suspended people cannot sign in by any route (password, email link,
        after two-factor), and are told why rather than "wrong password"."""
        if getattr(user, "suspended_at", None) is not None:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return render(
                request,
                "account/account_suspended.html",
                {"suspension_reason": user.suspension_reason},
                status=403,
            )
        return super().pre_login(request, user, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff keep their authenticator app: the admin asks for its code in
        every session, and a member of staff who turned it off would only be
        sent to set one up again."""
        from allauth.mfa.models import Authenticator

        from civic.permissions import is_portal_staff

        if authenticator.type == Authenticator.Type.TOTP and is_portal_staff(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _(
            "You cannot change your email address while two-factor authentication "
            "is on. Turn off your authenticator app first, or contact us"
        ),
        "cannot_delete_authenticator": _(
            "You cannot turn off two-factor authentication"
        ),
        "cannot_generate_recovery_codes": _(
            "Set up an authenticator app before you make recovery codes"
        ),
        "incorrect_code": _(
            "The code is not correct. Enter the 6-digit code your authenticator app "
            "shows now"
        ),
        "unverified_email": _(
            "Confirm your email address before you set up two-factor authentication"
        ),
    }
