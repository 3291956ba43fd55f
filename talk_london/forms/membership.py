from django import forms
from django.utils.translation import gettext_lazy as _


class JoinForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I agree to the Talk London community terms"),
        error_messages={
            "required": _("Confirm that you agree to the terms to join Talk London")
        },
    )


class LeaveForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""
