"""Forms for the public challenge pages and for startups' applications.

Each task-list section has its own form; the services re-check the rules
that matter (deadline, membership, budget limit)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import Attachment, Programme, Theme
from challenges.uploads import validate_pdf
from civic.forms import money
from civic.templatetags.govuk import pence as format_pence

LONG_TEXT = 5000


def _long_text(label, required_message, *, hint="", rows=8):
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": _("This answer must be 5,000 characters or fewer"),
        },
    )


class ChallengeFilterForm(forms.Form):
    STATE_CHOICES = [
        ("", _("Open and closed")),
        ("open", _("Open for applications")),
        ("closed", _("Closed for applications")),
    ]
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        error_messages={"invalid_choice": _("Select a theme from the list")},
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All programmes"),
        error_messages={"invalid_choice": _("Select a programme from the list")},
    )
    state = forms.ChoiceField(
        label=_("Open or closed"),
        choices=STATE_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Select open or closed")},
    )


class StartApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Which startup is applying?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Select the startup that is applying"),
            "invalid_choice": _("Select the startup that is applying"),
        },
    )

    def __init__(self, *args, startups, **kwargs):
        super().__init__(*args, **kwargs)
        from civic.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[s.pk for s in startups]
        ).order_by("name")
        if len(startups) == 1:
            self.fields["organisation"].initial = startups[0].pk


class OrganisationSectionForm(forms.Form):
    organisation_summary = _long_text(
        _("Tell us about your organisation"),
        _("Enter what your organisation does"),
        hint=_("What you do, how long you have been trading, your customers so far."),
    )


class SolutionSectionForm(forms.Form):
    solution_summary = forms.CharField(
        label=_("Describe your solution in one sentence"),
        max_length=200,
        error_messages={
            "required": _("Enter your solution in one sentence"),
            "max_length": _(
                "Your one-sentence summary must be 200 characters or fewer"
            ),
        },
    )
    solution_description = _long_text(
        _("How does your solution solve the problem?"),
        _("Enter how your solution solves the problem"),
    )


class EvidenceSectionForm(forms.Form):
    evidence = _long_text(
        _("What evidence do you have that it works?"),
        _("Enter the evidence that your solution works"),
        hint=_("For example, results from pilots, users' feedback or research."),
    )


class TestingSectionForm(forms.Form):
    testing_plan = _long_text(
        _("How would you test your solution with the challenge owner?"),
        _("Enter how you would test your solution with the challenge owner"),
        hint=_(
            "What you would do, with whom, over how long, and how you would "
            "measure success."
        ),
    )


class TeamSectionForm(forms.Form):
    team_description = _long_text(
        _("Who is in your team?"),
        _("Enter who is in your team"),
        hint=_(
            "Their roles and relevant experience. Do not include anyone's "
            "contact details."
        ),
    )


class DeclarationsSectionForm(forms.Form):
    declaration_accurate = forms.BooleanField(
        label=_("The information in this application is accurate and complete"),
        error_messages={"required": _("Confirm that the information is accurate")},
    )
    declaration_eligible = forms.BooleanField(
        label=_("Our startup meets the eligibility criteria for this challenge"),
        error_messages={"required": _("Confirm that your startup is eligible")},
    )
    declaration_data = forms.BooleanField(
        label=_(
            "We agree that the challenge owner and assessors may see this "
            "application to assess it"
        ),
        error_messages={
            "required": _("Confirm that you agree to how we use your application")
        },
    )


SECTION_FORMS = {
    "organisation": OrganisationSectionForm,
    "solution": SolutionSectionForm,
    "evidence": EvidenceSectionForm,
    "testing": TestingSectionForm,
    "team": TeamSectionForm,
    "declarations": DeclarationsSectionForm,
}


def parse_pounds(text: str) -> int | None:
    """ "£1,250.50" -> 125050 pence, exactly (civic's parser); None if not money."""
    try:
        return money.parse_pounds(text)
    except money.PoundsError:
        return None


class BudgetForm(forms.Form):
    """Cost lines as numbered pairs of boxes (works without JavaScript: a few
    blank rows are always offered; blank rows are ignored)."""

    MAX_LINES = 20

    def __init__(self, *args, fund_pence: int, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fund_pence = fund_pence
        self.row_count = min(self.MAX_LINES, max(5, len(lines) + 2))
        for i in range(self.row_count):
            n = i + 1
            item_initial, amount_initial = "", ""
            if i < len(lines):
                item_initial = lines[i].item
                amount_initial = format_pence(lines[i].amount_pence).removeprefix("£")
            self.fields[f"item_{i}"] = forms.CharField(
                label=_("Cost %(n)s: what it is for") % {"n": n},
                max_length=200,
                required=False,
                initial=item_initial,
                error_messages={
                    "max_length": _(
                        "What cost %(n)s is for must be 200 characters or fewer"
                    )
                    % {"n": n}
                },
            )
            self.fields[f"amount_{i}"] = forms.CharField(
                label=_("Cost %(n)s: amount in pounds") % {"n": n},
                required=False,
                max_length=20,
                initial=amount_initial,
            )

    def rows(self):
        return [(self[f"item_{i}"], self[f"amount_{i}"]) for i in range(self.row_count)]

    def clean(self):
        cleaned = super().clean()
        lines = []
        for i in range(self.row_count):
            n = i + 1
            item = (cleaned.get(f"item_{i}") or "").strip()
            raw = (self.data.get(self.add_prefix(f"amount_{i}")) or "").strip()
            if not item and not raw:
                continue
            if not item:
                self.add_error(
                    f"item_{i}", _("Enter what cost %(n)s is for") % {"n": n}
                )
            if not raw:
                self.add_error(
                    f"amount_{i}", _("Enter the amount of cost %(n)s") % {"n": n}
                )
                continue
            amount = parse_pounds(raw)
            if amount is None:
                self.add_error(
                    f"amount_{i}",
                    _("Cost %(n)s must be an amount in pounds, like 1250 or 1250.50")
                    % {"n": n},
                )
                continue
            if amount <= 0:
                self.add_error(
                    f"amount_{i}", _("Cost %(n)s must be more than £0") % {"n": n}
                )
                continue
            if item:
                lines.append((item, amount))
        if self.errors:
            return cleaned
        if not lines:
            self.add_error("item_0", _("Enter at least one cost"))
            return cleaned
        total = sum(amount for _item, amount in lines)
        if total > self.fund_pence:
            self.add_error(
                "amount_0",
                _(
                    "Your total of %(total)s is more than the testing fund of "
                    "%(fund)s. Reduce your costs"
                )
                % {"total": format_pence(total), "fund": format_pence(self.fund_pence)},
            )
        cleaned["lines"] = lines
        return cleaned


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is the file?"),
        choices=Attachment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what the file is"),
            "invalid_choice": _("Select what the file is"),
        },
    )
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("A PDF, smaller than 10MB."),
        validators=[validate_pdf],
        error_messages={
            "required": _("Select a PDF file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a PDF file"),
            "missing": _("Select a PDF file"),
        },
    )
