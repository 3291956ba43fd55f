from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.forms.money import PoundsError, parse_pounds
from crowdfund.models.pledges import MAX_PLEDGE_PENCE, MIN_PLEDGE_PENCE


def _pence(text: str, invalid_message) -> int:
    """The amount typed, in pence, by civic's one money parser."""
    try:
        return parse_pounds(text)
    except PoundsError:
        raise forms.ValidationError(invalid_message) from None


class PledgeForm(forms.Form):
    amount = forms.CharField(
        label=_("How much do you want to pledge?"),
        help_text=_(
            "Between £2 and £5,000. You are only charged if the campaign reaches its target."
        ),
        max_length=12,
        error_messages={"required": _("Enter an amount to pledge")},
    )
    is_anonymous = forms.TypedChoiceField(
        label=_("Do you want to hide your name on the campaign page?"),
        help_text=_(
            "The campaign team will not see your name either. City Hall staff "
            "can always see who pledged."
        ),
        choices=[("yes", _("Yes, hide my name")), ("no", _("No, show my name"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if you want to hide your name"),
        },
    )
    message = forms.CharField(
        label=_("Message of support (optional)"),
        help_text=_("Shown on the campaign page with your pledge."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Message of support must be 500 characters or fewer")
        },
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def clean_amount(self) -> int:
        pence = _pence(
            self.cleaned_data["amount"],
            _("Enter an amount in pounds and pence, like 25 or 12.50"),
        )
        if pence < MIN_PLEDGE_PENCE:
            raise forms.ValidationError(_("Enter an amount of at least £2"))
        if pence > MAX_PLEDGE_PENCE:
            raise forms.ValidationError(_("Enter an amount of £5,000 or less"))
        return pence

    def clean_message(self) -> str:
        return self.cleaned_data["message"].strip()


class CancelPledgeForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""


class CityHallPledgeForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=None,
        empty_label=_("Choose a live campaign"),
        error_messages={"required": _("Choose a campaign")},
    )
    amount = forms.CharField(
        label=_("Amount in pounds"),
        max_length=12,
        error_messages={"required": _("Enter an amount")},
    )
    condition = forms.CharField(
        label=_("Condition (optional)"),
        help_text=_(
            "Shown on the campaign page, e.g. released once 25% is raised from the crowd."
        ),
        max_length=300,
        required=False,
    )
    min_crowd_percent = forms.IntegerField(
        label=_("Share of the target the crowd must raise (%)"),
        help_text=_("0 for no condition beyond reaching the target."),
        min_value=0,
        max_value=100,
        initial=0,
        error_messages={
            "required": _("Enter a percentage, or 0"),
            "invalid": _("Enter a whole number between 0 and 100"),
            "min_value": _("Enter a whole number between 0 and 100"),
            "max_value": _("Enter a whole number between 0 and 100"),
        },
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

    def clean(self):
        cleaned = super().clean()
        # The percentage is what the closing task checks; the public needs words.
        percent = cleaned.get("min_crowd_percent")
        if percent and not cleaned.get("condition"):
            cleaned["condition"] = _(
                "Paid once %(percent)s%% of the target is raised from the crowd"
            ) % {"percent": percent}
        return cleaned

    def clean_amount(self) -> int:
        pence = _pence(
            self.cleaned_data["amount"],
            _("Enter an amount in pounds and pence, like 11000 or 11000.50"),
        )
        if pence < 100:
            raise forms.ValidationError(_("Enter an amount of at least £1"))
        return pence


class WithdrawCityHallPledgeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is City Hall withdrawing this pledge?"),
        help_text=_("Recorded in the audit log and sent to the project team."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter a reason for withdrawing the pledge")},
    )
