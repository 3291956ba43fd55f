from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Borough, Organisation, OrganisationMembership
from civic.validators import (
    normalise_charity_number,
    normalise_company_number,
    validate_charity_number,
    validate_company_number,
)


class OrganisationForm(forms.ModelForm):
    """Create or edit an organisation's public profile."""

    name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        error_messages={
            "required": _("Enter the organisation's name"),
            "max_length": _("Organisation name must be 200 characters or fewer"),
        },
    )
    type = forms.ChoiceField(
        label=_("What type of organisation is it?"),
        choices=Organisation.Type.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the type of organisation"),
            "invalid_choice": _("Select the type of organisation"),
        },
    )
    description = forms.CharField(
        label=_("What does the organisation do? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("This appears on the organisation's public page."),
        error_messages={
            "max_length": _("Description must be 2,000 characters or fewer")
        },
    )
    website = forms.URLField(
        label=_("Website (optional)"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("For example, https://www.example.org.uk"),
        error_messages={
            "invalid": _(
                "Enter a website address in the correct format, like https://www.example.org.uk"
            ),
            "max_length": _("Website address must be 200 characters or fewer"),
        },
    )
    # Longer than the stored values so spaces can be typed and then removed.
    company_number = forms.CharField(
        label=_("Companies House number (optional)"),
        required=False,
        max_length=20,
        help_text=_("8 characters, for example 01234567 or SC123456"),
        error_messages={
            "max_length": _(
                "Enter a Companies House number in the correct format, "
                "like 01234567 or SC123456"
            )
        },
    )
    charity_number = forms.CharField(
        label=_("Registered charity number (optional)"),
        required=False,
        max_length=20,
        help_text=_("For example, 1234567, SC012345 or NIC100001"),
        error_messages={
            "max_length": _(
                "Enter a charity number in the correct format, "
                "like 1234567, SC012345 or NIC100001"
            )
        },
    )
    borough = forms.ModelChoiceField(
        label=_("Borough (optional)"),
        queryset=Borough.objects.order_by("name"),
        required=False,
        empty_label=_("Select a borough"),
        help_text=_("Where the organisation is based, if it is in London."),
        error_messages={"invalid_choice": _("Select a borough from the list")},
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "description",
            "website",
            "company_number",
            "charity_number",
            "borough",
        ]

    def clean_company_number(self) -> str:
        value = self.cleaned_data["company_number"]
        validate_company_number(value)
        return normalise_company_number(value)

    def clean_charity_number(self) -> str:
        value = self.cleaned_data["charity_number"]
        validate_charity_number(value)
        return normalise_charity_number(value)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "We will email them a link. They need an account with this email address "
            "to join."
        ),
        error_messages={
            "required": _("Enter the email address of the person you want to invite"),
            "invalid": _(
                "Enter an email address in the correct format, like name@example.com"
            ),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    role = forms.ChoiceField(
        label=_("What can they do?"),
        choices=[
            (
                OrganisationMembership.Role.MEMBER,
                _("Member – can act for the organisation"),
            ),
            (
                OrganisationMembership.Role.OWNER,
                _("Owner – can also edit the profile and manage members"),
            ),
        ],
        initial=OrganisationMembership.Role.MEMBER,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what they can do")},
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
