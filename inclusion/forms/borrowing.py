"""Applying to borrow a device: one question a page, online or by staff."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.forms.widgets import GovukDateField
from civic.models import Borough
from civic.validators import normalise_postcode, validate_uk_postcode
from inclusion.models import Circumstance, Participant
from inclusion.services.participants import CONSENT_CHOICES

NONE_OF_THESE = "none"


class WhereYouLiveForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        validators=[validate_uk_postcode],
        error_messages={"required": _("Enter your postcode")},
    )
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        help_text=_("The London borough your council tax is paid to."),
        queryset=Borough.objects.order_by("name"),
        empty_label=_("Choose your borough"),
        error_messages={"required": _("Select your borough")},
    )

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data["postcode"])


def _past_date_of_birth(value: datetime.date) -> None:
    if value >= timezone.localdate():
        raise forms.ValidationError(_("Date of birth must be in the past"))
    if value.year < 1900:
        raise forms.ValidationError(_("Date of birth must be after 1900"))


def date_of_birth_field(**kwargs) -> GovukDateField:
    return GovukDateField(
        label=kwargs.pop("label", _("What is your date of birth?")),
        help_text=_("For example, 27 3 1960"),
        validators=[_past_date_of_birth],
        error_messages={
            "required": _("Enter your date of birth"),
            "incomplete": _("Date of birth must include a day, month and year"),
            "invalid": _("Date of birth must be a real date"),
        },
        **kwargs,
    )


class DateOfBirthForm(forms.Form):
    date_of_birth = date_of_birth_field()


class CircumstancesForm(forms.Form):
    circumstances = forms.MultipleChoiceField(
        label=_("Do any of these apply to you?"),
        help_text=_("Select all that apply."),
        choices=[*Circumstance.choices, (NONE_OF_THESE, _("None of these"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _(
                "Select the circumstances that apply to you, or select ‘None of these’"
            ),
        },
    )

    def clean_circumstances(self) -> list[str]:
        chosen = self.cleaned_data["circumstances"]
        if NONE_OF_THESE in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                _("Select ‘None of these’ or the circumstances that apply, not both")
            )
        return [code for code in chosen if code != NONE_OF_THESE]

    def options(self):
        """The boxes, for the page's own markup (GOV.UK's "or" and exclusive)."""
        selected = set(self["circumstances"].value() or [])
        return [
            {
                "value": code,
                "label": label,
                "checked": code in selected,
                "id": "id_circumstances" if i == 0 else f"id_circumstances-{i + 1}",
            }
            for i, (code, label) in enumerate(self.fields["circumstances"].choices)
        ]


class SiteChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, waiting=None, **kwargs):
        self.waiting = waiting or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, site) -> str:
        count = self.waiting.get(site.pk, 0)
        if count == 1:
            waiting = _("1 person waiting")
        else:
            waiting = _("%(count)s people waiting") % {"count": count}
        return f"{site.name}, {site.postcode} ({waiting})"


class SiteForm(forms.Form):
    site = SiteChoiceField(
        label=_("Where do you want to collect your tablet from?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Select where you want to collect it from")},
    )

    def __init__(self, *args, sites, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].waiting = waiting


class ContactForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        error_messages={"required": _("Enter your full name")},
    )
    address_line_1 = forms.CharField(
        label=_("Address line 1"),
        max_length=150,
        error_messages={
            "required": _("Enter address line 1, typically the building and street")
        },
    )
    address_line_2 = forms.CharField(
        label=_("Address line 2 (optional)"), max_length=150, required=False
    )
    town = forms.CharField(
        label=_("Town or city"),
        max_length=80,
        initial="London",
        error_messages={"required": _("Enter town or city")},
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        help_text=_("We only call you if you ask us to."),
        max_length=30,
        required=False,
    )
    contact_preference = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=Participant.Contact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how we should contact you")},
    )

    def __init__(self, *args, has_email: bool = True, **kwargs):
        self.has_email = has_email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("contact_preference") == Participant.Contact.PHONE
            and not (cleaned.get("phone") or "").strip()
        ):
            self.add_error(
                "phone", _("Enter a phone number, or choose another way to contact you")
            )
        if cleaned.get("contact_preference") == Participant.Contact.EMAIL and not (
            self.has_email
        ):
            self.add_error(
                "contact_preference",
                _("Enter an email address, or choose another way to contact you"),
            )
        return cleaned


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I agree to City Hall and the library holding these details"),
        error_messages={
            "required": _("Confirm that you agree to us holding your details")
        },
    )


class AssistedApplyForm(forms.Form):
    """The online questions, asked by staff at the desk (the record holds the
    address and date of birth)."""

    circumstances = CircumstancesForm.base_fields["circumstances"]
    site = SiteForm.base_fields["site"]
    consent_note = forms.ChoiceField(
        label=_("How did the resident agree to you applying for them?"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the resident gave their consent")},
    )

    def __init__(self, *args, sites, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circumstances"].label = _("Do any of these apply to the resident?")
        self.fields["site"].label = _("Where will they collect the tablet from?")
        self.fields["site"].queryset = sites
        self.fields["site"].waiting = waiting

    clean_circumstances = CircumstancesForm.clean_circumstances
    options = CircumstancesForm.options


class WithdrawForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""
