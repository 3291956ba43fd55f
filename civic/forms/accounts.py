from django import forms
from django.utils.translation import gettext_lazy as _


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password.

    allauth imports this class while it builds its own forms
    (``ACCOUNT_SIGNUP_FORM_CLASS``), so this module must not import allauth's
    forms: the GOV.UK versions of those live in ``civic.forms.auth``.
    """

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_(
            "Shown next to what you post instead of your email address. "
            "You can use a nickname."
        ),
        error_messages={
            "required": _("Enter a display name"),
            "max_length": _("Display name must be 60 characters or fewer"),
        },
    )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
