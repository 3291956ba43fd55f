"""allauth's forms with GOV.UK labels, hints and error messages.

Wired in through ``ACCOUNT_FORMS`` and ``MFA_FORMS``. allauth keeps its
behaviour (rate limits, enumeration prevention, flows); only what people read
changes. This module is separate from ``civic.forms.accounts`` because allauth
imports that one (``ACCOUNT_SIGNUP_FORM_CLASS``) while building its own forms.
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.utils.translation import gettext_lazy as _

EMAIL_INVALID = _("Enter an email address in the correct format, like name@example.com")
PASSWORD_HINT = _(
    "Use at least 10 characters. A few unrelated words together make a strong password."
)


def govuk_fields(form: forms.Form, spec: dict[str, dict]) -> None:
    """Relabel ``form``'s fields and drop placeholders (GOV.UK uses labels and
    hints, never placeholder text). ``spec`` maps a field name to any of
    ``label``, ``hint`` and ``errors`` (a dict of error code to message)."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)
    for name, options in spec.items():
        field = form.fields.get(name)
        if field is None:
            continue
        if "label" in options:
            field.label = options["label"]
        if "hint" in options:
            field.help_text = options["hint"]
        field.error_messages = {**field.error_messages, **options.get("errors", {})}
        if "autocomplete" in options:
            field.widget.attrs["autocomplete"] = options["autocomplete"]


def _email(label, required_message, *, hint="") -> dict:
    return {
        "label": label,
        "hint": hint,
        "autocomplete": "email",
        "errors": {"required": required_message, "invalid": EMAIL_INVALID},
    }


def _password(label, required_message, *, hint="", autocomplete="new-password") -> dict:
    return {
        "label": label,
        "hint": hint,
        "autocomplete": autocomplete,
        "errors": {"required": required_message},
    }


def _code(label, *, hint="") -> dict:
    return {
        "label": label,
        "hint": hint,
        "autocomplete": "one-time-code",
        "errors": {"required": _("Enter the code from your authenticator app")},
    }


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self,
            {
                "login": _email(_("Email address"), _("Enter your email address")),
                "password": _password(
                    _("Password"),
                    _("Enter your password"),
                    autocomplete="current-password",
                ),
            },
        )


class SignupForm(account_forms.SignupForm):
    field_order = ["email", "display_name", "password1", "password2"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self,
            {
                "email": _email(
                    _("Email address"),
                    _("Enter your email address"),
                    hint=_("We will send you a link to confirm it."),
                ),
                "password1": _password(
                    _("Create a password"), _("Enter a password"), hint=PASSWORD_HINT
                ),
                "password2": _password(
                    _("Confirm password"), _("Enter the password again")
                ),
            },
        )
        self.fields["display_name"].widget.attrs.update(
            {"autocomplete": "nickname", "spellcheck": "false"}
        )


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self,
            {
                "email": _email(
                    _("Email address"),
                    _("Enter your email address"),
                    hint=_("The email address you signed up with."),
                )
            },
        )


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self,
            {
                "password1": _password(
                    _("New password"), _("Enter a new password"), hint=PASSWORD_HINT
                ),
                "password2": _password(
                    _("Confirm new password"), _("Enter the new password again")
                ),
            },
        )


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self,
            {
                "oldpassword": _password(
                    _("Current password"),
                    _("Enter your current password"),
                    autocomplete="current-password",
                ),
                "password1": _password(
                    _("New password"), _("Enter a new password"), hint=PASSWORD_HINT
                ),
                "password2": _password(
                    _("Confirm new password"), _("Enter the new password again")
                ),
            },
        )


class AddEmailForm(account_forms.AddEmailForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self,
            {
                "email": _email(
                    _("New email address"),
                    _("Enter your new email address"),
                    hint=_(
                        "We will send a link to the new address. Your email address "
                        "changes when you select the link."
                    ),
                )
            },
        )


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self,
            {
                "password": _password(
                    _("Password"),
                    _("Enter your password"),
                    autocomplete="current-password",
                )
            },
        )


_AUTHENTICATOR_CODE_HINT = _(
    "Open your authenticator app and enter the 6-digit code it shows. "
    "If you have lost your phone, enter one of your recovery codes."
)


class MFAAuthenticateForm(mfa_base_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self, {"code": _code(_("Security code"), hint=_AUTHENTICATOR_CODE_HINT)}
        )


class MFAReauthenticateForm(mfa_base_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self, {"code": _code(_("Security code"), hint=_AUTHENTICATOR_CODE_HINT)}
        )


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        govuk_fields(
            self,
            {
                "code": _code(
                    _("Enter the 6-digit code from your authenticator app"),
                    hint=_("The code changes every 30 seconds."),
                )
            },
        )
