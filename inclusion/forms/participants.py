"""A resident's record: "Your details", and staff making one for someone."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Borough
from civic.validators import normalise_postcode, validate_uk_postcode
from inclusion.forms.borrowing import date_of_birth_field
from inclusion.models import Participant
from inclusion.services.participants import CONSENT_CHOICES


class ParticipantDetailsForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        error_messages={"required": _("Enter your full name")},
    )
    date_of_birth = date_of_birth_field(label=_("Date of birth"))
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
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        validators=[validate_uk_postcode],
        error_messages={"required": _("Enter your postcode")},
    )
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        empty_label=_("Choose your borough"),
        error_messages={"required": _("Select your borough")},
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"), max_length=30, required=False
    )
    contact_preference = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=Participant.Contact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how we should contact you")},
    )

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data["postcode"])

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("contact_preference") == Participant.Contact.PHONE
            and not (cleaned.get("phone") or "").strip()
        ):
            self.add_error(
                "phone", _("Enter a phone number, or choose another way to contact you")
            )
        return cleaned


class StaffParticipantForm(ParticipantDetailsForm):
    """Asked by staff at the desk: the same details, in the third person."""

    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        error_messages={
            "invalid": _(
                "Enter an email address in the correct format, like name@example.com"
            )
        },
    )
    consent_how = forms.ChoiceField(
        label=_("How did the resident agree to us holding their details?"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the resident gave their consent")},
    )

    field_order = [
        "full_name",
        "date_of_birth",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "borough",
        "phone",
        "email",
        "contact_preference",
        "consent_how",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = _(
            "Enter the resident’s full name"
        )
        self.fields["date_of_birth"].error_messages["required"] = _(
            "Enter the resident’s date of birth"
        )
        self.fields["postcode"].error_messages["required"] = _(
            "Enter the resident’s postcode"
        )
        self.fields["borough"].error_messages["required"] = _(
            "Select the resident’s borough"
        )
        self.fields["contact_preference"].label = _("How should we contact them?")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact_preference") == Participant.Contact.EMAIL and not (
            cleaned.get("email")
        ):
            self.add_error(
                "email",
                _("Enter an email address, or choose another way to contact them"),
            )
        return cleaned


class StaffParticipantEditForm(StaffParticipantForm):
    """Staff correcting a record: consent was recorded when it was made."""

    def __init__(self, *args, has_account: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["consent_how"]
        if has_account:
            # The email is the resident's sign-in; they change it themselves.
            del self.fields["email"]

    def clean(self):
        cleaned = forms.Form.clean(self)
        if (
            cleaned.get("contact_preference") == Participant.Contact.PHONE
            and not (cleaned.get("phone") or "").strip()
        ):
            self.add_error(
                "phone",
                _("Enter a phone number, or choose another way to contact them"),
            )
        if (
            "email" in self.fields
            and cleaned.get("contact_preference") == Participant.Contact.EMAIL
            and not cleaned.get("email")
        ):
            self.add_error(
                "email",
                _("Enter an email address, or choose another way to contact them"),
            )
        return cleaned


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, postcode, email or phone number"),
        max_length=100,
        required=False,
    )


class ErasureConfirmForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_(
            "The resident has asked us to erase their record, and I have "
            "checked who they are"
        ),
        error_messages={
            "required": _(
                "Confirm that the resident asked for this and that you checked "
                "who they are"
            )
        },
    )
