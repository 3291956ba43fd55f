"""The course finder's filters and the application's questions, one form a page."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.equality import Disability, EthnicGroup, GenderSameAsSex, Sex
from civic.forms.widgets import GovukDateField
from civic.models import Borough
from diversity.models import Application, DeliveryMode, Subject
from diversity.models.talent import YesNoPreferNot
from diversity.services.eligibility import NOT_IN_LONDON_ANSWER

# A full UK postcode, with or without its space: "E8 1DY", "sw1a2aa".
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


class CourseFilterForm(forms.Form):
    """GET filters; an invalid value is ignored, never an error page."""

    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any borough"),
    )
    subject = forms.MultipleChoiceField(
        label=_("Subject"),
        choices=Subject.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.MultipleChoiceField(
        label=_("How it is taught"),
        choices=DeliveryMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_from = GovukDateField(
        label=_("Starting from"),
        help_text=_("For example, 1 9 2027"),
        required=False,
    )

    def filters(self) -> dict:
        """The valid filters only: a bad date is reported but not applied."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            key: value
            for key, value in getattr(self, "cleaned_data", {}).items()
            if value
        }


class NameForm(forms.Form):
    full_name = forms.CharField(
        label=_("What is your name?"),
        help_text=_("Your full name, as the training provider should write it."),
        max_length=120,
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Full name must be 120 characters or fewer"),
        },
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your full name"))
        return name


class DateOfBirthForm(forms.Form):
    date_of_birth = GovukDateField(
        label=_("What is your date of birth?"),
        help_text=_("For example, 27 3 2007"),
        error_messages={"required": _("Enter your date of birth")},
    )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born >= timezone.localdate():
            raise forms.ValidationError(_("Date of birth must be in the past"))
        if born.year < 1900:
            raise forms.ValidationError(_("Enter a real date of birth"))
        return born


class WhereForm(forms.Form):
    connection = forms.ChoiceField(
        label=_("Do you live or study in London?"),
        choices=[
            *Application.Connection.choices,
            (NOT_IN_LONDON_ANSWER, _("No, I do not live or study in London")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you live or study in London")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        help_text=_("Where you live, or where you study if you do not live in London"),
        max_length=10,
        error_messages={"required": _("Enter your postcode")},
    )
    borough = forms.ModelChoiceField(
        label=_("London borough"),
        help_text=_("The borough of that postcode"),
        queryset=Borough.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Not in London"),
    )

    def clean_postcode(self) -> str:
        text = self.cleaned_data["postcode"].upper().strip()
        match = POSTCODE_RE.match(text)
        if not match:
            raise forms.ValidationError(
                _("Enter a full UK postcode, like E8 1DY"), code="invalid"
            )
        return f"{match.group(1)} {match.group(2)}"


class WhyForm(forms.Form):
    why = forms.CharField(
        label=_("Why do you want to do this course?"),
        help_text=_(
            "Tell the training provider what interests you and what you hope "
            "to do next. You do not need any experience."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Enter why you want to do this course"),
            "max_length": _(
                "Why you want to do this course must be 2,000 characters or fewer"
            ),
        },
    )

    def clean_why(self) -> str:
        return self.cleaned_data["why"].strip()


class EqualityIntroForm(forms.Form):
    """Two buttons, "Answer the questions" and "Skip": the button is the answer."""

    choice = forms.ChoiceField(
        choices=[("answer", _("Answer the questions")), ("skip", _("Skip"))],
        error_messages={"required": _("Choose to answer the questions or skip them")},
    )


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("Do you agree to us using your answers in this way?"),
        choices=[
            ("yes", _("Yes, I agree")),
            ("no", _("No, skip the equality questions")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if you agree")},
    )


def _question(label, choices, required_message, hint=""):
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class SexForm(forms.Form):
    sex = _question(
        _("What is your sex?"),
        Sex.choices,
        _("Select your sex, or prefer not to say"),
    )


class GenderForm(forms.Form):
    gender_same_as_sex = _question(
        _("Is the gender you identify with the same as your sex registered at birth?"),
        GenderSameAsSex.choices,
        _("Select yes, no or prefer not to say"),
    )


class EthnicGroupForm(forms.Form):
    ethnic_group = _question(
        _("What is your ethnic group?"),
        EthnicGroup.choices,
        _("Select your ethnic group, or prefer not to say"),
    )


class DisabilityForm(forms.Form):
    disability = _question(
        _(
            "Do you have any physical or mental health conditions or illness "
            "lasting or expected to last 12 months or more?"
        ),
        Disability.choices,
        _("Select yes, no or prefer not to say"),
    )


class CareLeaverForm(forms.Form):
    care_leaver = _question(
        _("Have you ever been in care?"),
        YesNoPreferNot.choices,
        _("Select yes, no or prefer not to say"),
        _("For example, living with foster carers or in a children's home."),
    )


class FreeSchoolMealsForm(forms.Form):
    free_school_meals = _question(
        _("Did you get free school meals at any time at school?"),
        YesNoPreferNot.choices,
        _("Select yes, no or prefer not to say"),
    )


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""
