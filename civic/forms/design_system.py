"""The demonstration form on the living style page: one field of every kind the
design system renders, with GOV.UK-style error messages. Nothing is saved."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.forms.widgets import GovukDateField
from civic.models import Borough


class DesignSystemDemoForm(forms.Form):
    CONTACT_CHOICES = [
        ("email", _("Email")),
        ("phone", _("Phone")),
        ("post", _("Post")),
    ]
    INTEREST_CHOICES = [
        ("talk_london", _("Talk London")),
        ("crowdfund", _("Crowdfund London")),
        ("challenges", _("Civic challenges")),
        ("get_online", _("Getting online")),
    ]

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Full name must be 100 characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("We will only use this to reply to you."),
        error_messages={
            "invalid": _(
                "Enter an email address in the correct format, like name@example.com"
            )
        },
    )
    amount = forms.IntegerField(
        label=_("How many pounds would you pledge?"),
        min_value=2,
        max_value=10000,
        help_text=_("Whole pounds, from £2 to £10,000."),
        error_messages={
            "required": _("Enter an amount"),
            "invalid": _("Amount must be a whole number of pounds, like 25"),
            "min_value": _("Enter an amount of at least £2"),
            "max_value": _("Enter an amount of £10,000 or less"),
        },
    )
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        empty_label=_("Choose your borough"),
        error_messages={"required": _("Select your borough")},
    )
    contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=CONTACT_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("Select one option."),
        error_messages={"required": _("Select how we should contact you")},
    )
    interests = forms.MultipleChoiceField(
        label=_("Which parts of the portal interest you?"),
        choices=INTEREST_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
        error_messages={"required": _("Select at least one part of the portal")},
    )
    date_of_birth = GovukDateField(
        label=_("What is your date of birth?"),
        help_text=_("For example, 27 3 2007"),
        error_messages={"required": _("Enter your date of birth")},
    )
    idea = forms.CharField(
        label=_("Describe your idea"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do not include personal or financial information."),
        error_messages={
            "required": _("Describe your idea"),
            "max_length": _("Your idea must be 200 characters or fewer"),
        },
    )
    photo = forms.FileField(
        label=_("Upload a photo (optional)"),
        required=False,
        help_text=_("We do not keep it: this form saves nothing."),
    )
    agree = forms.BooleanField(
        label=_("I understand that this form is a demonstration and saves nothing"),
        error_messages={
            "required": _("Confirm that you understand this form saves nothing")
        },
    )
    source = forms.CharField(
        widget=forms.HiddenInput, initial="design-system", required=False
    )

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value >= timezone.localdate():
            raise forms.ValidationError(_("Date of birth must be in the past"))
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("contact") == "email"
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error(
                "email",
                _("Enter an email address, or choose another way to contact you"),
            )
        return cleaned
