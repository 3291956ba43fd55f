from django import forms
from django.utils.translation import gettext_lazy as _

from civic.forms.auth import ReauthenticateForm


class AccountDeleteForm(ReauthenticateForm):
    """ "Delete my account": the person's password (allauth checks it, with
    its rate limits) and a tick to say they understand it cannot be undone."""

    confirm = forms.BooleanField(
        label=_("I understand that deleting my account cannot be undone"),
        error_messages={
            "required": _(
                "Confirm that you understand deleting your account cannot be undone"
            )
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = _("Enter your password to show it is you.")
