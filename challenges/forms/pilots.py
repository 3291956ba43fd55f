from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.forms.widgets import GovukDateField

from ..services.pilots import MilestoneInput


def _pence(pounds: Decimal) -> int:
    return int((pounds * 100).to_integral_value())


class PoundsField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        super().__init__(**kwargs)


# --- Staff, in the Wagtail admin ------------------------------------------------


class PilotStartForm(forms.Form):
    award = PoundsField(
        label=_("Testing fund awarded (£)"),
        error_messages={
            "required": _("Enter the award"),
            "invalid": _("Enter the award in pounds, like 15000"),
            "min_value": _("Enter an award of more than £0"),
        },
    )
    started_on = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the start date"),
            "invalid": _("Enter a real date"),
        },
    )

    def award_pence(self) -> int:
        return _pence(self.cleaned_data["award"])


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    due_on = forms.DateField(
        label=_("Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date")},
    )
    payment = PoundsField(
        label=_("Payment (£)"),
        required=False,
        error_messages={
            "invalid": _("Enter the payment in pounds, like 5000"),
            "min_value": _("Enter a payment of more than £0"),
        },
    )

    def clean(self):
        data = super().clean()
        filled = [data.get("title"), data.get("due_on"), data.get("payment")]
        if any(filled) and not all(filled):
            if not data.get("title"):
                self.add_error("title", _("Enter the milestone"))
            if not data.get("due_on") and "due_on" not in self.errors:
                self.add_error("due_on", _("Enter the due date"))
            if not data.get("payment") and "payment" not in self.errors:
                self.add_error("payment", _("Enter the payment"))
        return data

    def milestone(self) -> MilestoneInput | None:
        data = self.cleaned_data
        if not data.get("title"):
            return None
        return MilestoneInput(
            title=data["title"].strip(),
            due_on=data["due_on"],
            payment_pence=_pence(data["payment"]),
        )


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=6, max_num=12)


class OutcomeForm(forms.Form):
    outcome_summary = forms.CharField(
        label=_("Public summary of the outcome"),
        help_text=_("Published as open data: no personal data."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter a public summary of the outcome")},
    )


# --- The pilot page (front end) --------------------------------------------------


class ProgressReportForm(forms.Form):
    milestone = forms.ModelChoiceField(
        label=_("Which milestone is this about? (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No particular milestone"),
    )
    body = forms.CharField(
        label=_("Progress report"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter your progress report"),
            "max_length": _("Enter a report of 10,000 characters or fewer"),
        },
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = pilot.milestones.all()


class MentoringForm(forms.Form):
    held_on = GovukDateField(
        label=_("Date of the session"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date of the session")},
    )
    mentor_name = forms.CharField(
        label=_("Mentor"),
        max_length=150,
        error_messages={"required": _("Enter the mentor's name")},
    )
    topics = forms.CharField(
        label=_("What was covered"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter what the session covered")},
    )


class FinalReportForm(forms.Form):
    final_report = forms.CharField(
        label=_("Final outcome report"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter your final outcome report")},
    )
