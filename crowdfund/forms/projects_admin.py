"""Forms Crowdfund officers use in the Wagtail admin."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from civic.forms.money import PoundsField
from civic.templatetags.govuk import pence

MAX_ROUND_BUDGET_PENCE = 100_000_000_000  # £1bn: a typing slip, not a budget


class FundingRoundAdminForm(WagtailAdminModelForm):
    """Money is typed in pounds (stored as pence) and the dates must be in order."""

    budget_pence = PoundsField(
        label=_("City Hall budget for the round (£)"),
        max_pence=MAX_ROUND_BUDGET_PENCE,
        help_text=_("In pounds, like 500,000."),
        error_messages={"required": _("Enter the round's budget")},
    )
    max_pledge_per_project_pence = PoundsField(
        label=_("Largest City Hall pledge to one project (£)"),
        max_pence=MAX_ROUND_BUDGET_PENCE,
        help_text=_("In pounds, like 50,000."),
        error_messages={"required": _("Enter the largest pledge to one project")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share = self.fields.get("max_share_percent")
        if share is not None:
            message = _("Enter a percentage between 1 and 100")
            share.validators += [
                MinValueValidator(1, message=message),
                MaxValueValidator(100, message=message),
            ]
        fee = self.fields.get("platform_fee_percent")
        if fee is not None:
            fee.validators.append(
                MaxValueValidator(
                    Decimal("99.99"),
                    message=_("Enter a platform fee percentage of less than 100"),
                )
            )

    def clean_budget_pence(self):
        budget = self.cleaned_data["budget_pence"]
        committed = self.instance.committed_pence if self.instance.pk else 0
        if budget is not None and budget < committed:
            raise forms.ValidationError(
                _(
                    "The budget cannot be less than the %(committed)s City Hall "
                    "has already pledged from it"
                ),
                code="below_committed",
                params={"committed": pence(committed)},
            )
        return budget

    def clean(self):
        data = super().clean()
        pairs = [
            ("ideas_open_at", "ideas_close_at", _("Ideas must close after they open")),
            (
                "campaigns_open_at",
                "campaigns_close_at",
                _("Campaigns must end after they may start"),
            ),
            (
                "ideas_open_at",
                "campaigns_close_at",
                _("Campaigns must end after ideas open"),
            ),
        ]
        for start, end, message in pairs:
            if data.get(start) and data.get(end) and data[end] <= data[start]:
                self.add_error(end, message)
        budget = data.get("budget_pence")
        largest = data.get("max_pledge_per_project_pence")
        if budget is not None and largest is not None and largest > budget:
            self.add_error(
                "max_pledge_per_project_pence",
                _("The largest pledge to one project cannot be more than the budget"),
            )
        return data


class RequestChangesForm(forms.Form):
    message = forms.CharField(
        label=_("What does the team need to change?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter what the team needs to change"),
            "max_length": _("The message must be 5,000 characters or fewer"),
        },
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the project not approved?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter the reason the project is not approved"),
            "max_length": _("The reason must be 5,000 characters or fewer"),
        },
    )
