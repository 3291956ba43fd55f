"""Forms for writing a project's plan, one question or small group a page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civic import uploads
from civic.forms.money import PoundsField
from civic.models import Borough, Organisation
from crowdfund.models import Need, Project, Theme
from crowdfund.models.projects import MAX_CAMPAIGN_DAYS

MAX_COST_PENCE = 100_000_000  # £1,000,000 on one line
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no_field(label: str, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": required_message,
        },
    )


def _yes_no_initial(value):
    if value is None:
        return None
    return "yes" if value else "no"


# --- starting -----------------------------------------------------------------


class ProjectNameForm(forms.Form):
    title = forms.CharField(
        label=_("What is your project called?"),
        max_length=120,
        help_text=_("A short name people will recognise, like “Colour in Romford”."),
        error_messages={
            "required": _("Enter the name of your project"),
            "max_length": _("Project name must be 120 characters or fewer"),
        },
    )


# --- describe your project ------------------------------------------------------


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Describe your project in one line"),
        max_length=160,
        help_text=_("This appears under the name wherever the project is listed."),
        error_messages={
            "required": _("Enter a one-line summary of your project"),
            "max_length": _("Summary must be 160 characters or fewer"),
        },
    )


class DescriptionForm(forms.Form):
    description = forms.CharField(
        label=_("Tell people about your project"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What will you do, who will it help, and why does your neighbourhood "
            "need it?"
        ),
        error_messages={
            "required": _("Enter a description of your project"),
            "max_length": _("Description must be 10,000 characters or fewer"),
        },
    )


class WhereForm(forms.Form):
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        empty_label=_("Choose a borough"),
        error_messages={
            "required": _("Select the borough where the project will happen"),
            "invalid_choice": _("Select the borough where the project will happen"),
        },
    )
    location = forms.CharField(
        label=_("Postcode or place name"),
        max_length=120,
        help_text=_("For example, SE15 4QF or Peckham Rye Park."),
        error_messages={
            "required": _("Enter a postcode or place name"),
            "max_length": _("Location must be 120 characters or fewer"),
        },
    )


class ThemeForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Which theme fits your project best?"),
        queryset=Theme.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Select a theme"),
            "invalid_choice": _("Select a theme"),
        },
    )

    def __init__(self, *args, funding_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Theme.objects.all()
        if funding_round is not None and funding_round.themes.exists():
            themes = funding_round.themes.all()
        self.fields["theme"].queryset = themes.order_by("name")


class CampaignLengthForm(forms.Form):
    campaign_days = forms.IntegerField(
        label=_("How many days should your campaign run?"),
        min_value=1,
        max_value=MAX_CAMPAIGN_DAYS,
        help_text=_("Up to 60 days from when the project goes live."),
        error_messages={
            "required": _("Enter the number of days"),
            "invalid": _("Enter the number of days as a whole number, like 30"),
            "min_value": _("The campaign must run for at least 1 day"),
            "max_value": _("The campaign can run for at most 60 days"),
        },
    )


DESCRIBE_STEPS = {
    # step: (form class, page title, model fields)
    "name": (ProjectNameForm, _("Project name"), ["title"]),
    "summary": (SummaryForm, _("One-line summary"), ["summary"]),
    "description": (DescriptionForm, _("About the project"), ["description"]),
    "where": (WhereForm, _("Where the project will happen"), ["borough", "location"]),
    "theme": (ThemeForm, _("Theme"), ["theme"]),
    "length": (CampaignLengthForm, _("Length of the campaign"), ["campaign_days"]),
}
DESCRIBE_ORDER = list(DESCRIBE_STEPS)


# --- images -------------------------------------------------------------------


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Upload an image"),
        help_text=_("A JPEG, PNG or WebP file, no bigger than 5MB."),
        error_messages={
            "required": _("Select an image"),
            "empty": _("The selected file is empty"),
        },
    )
    alt_text = forms.CharField(
        label=_("Describe the image for people who cannot see it"),
        max_length=250,
        help_text=_("For example, “Volunteers planting fruit trees in the park”."),
        error_messages={
            "required": _("Enter a description of the image"),
            "max_length": _("Description must be 250 characters or fewer"),
        },
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        not_image = _("The selected file must be a JPEG, PNG or WebP image")
        uploads.check_size(
            upload,
            max_bytes=MAX_IMAGE_BYTES,
            too_big_message=_("The selected file must be smaller than 5MB"),
        )
        kind = uploads.sniff_image(
            upload, formats=IMAGE_FORMATS, not_image_message=not_image
        )
        # Stored under our name with the extension of what it really is; the
        # uploaded name (folders, NUL bytes, any length) is dropped here, and
        # so is the photo's metadata (its GPS location, among others).
        return uploads.without_metadata(
            upload, kind=kind, name=uploads.generated_name(IMAGE_FORMATS[kind])
        )


# --- budget -------------------------------------------------------------------


class CostLineForm(forms.Form):
    item = forms.CharField(
        label=_("What is the cost for?"),
        max_length=200,
        help_text=_("For example, “Paint and brushes” or “Hire of scaffolding”."),
        error_messages={
            "required": _("Enter what the cost is for"),
            "max_length": _("Description must be 200 characters or fewer"),
        },
    )
    amount = PoundsField(
        label=_("How much will it cost?"),
        max_pence=MAX_COST_PENCE,
        help_text=_("In pounds and pence, like 12.50 or £1,200."),
        error_messages={
            "required": _("Enter how much it will cost"),
            "invalid": _("Enter the cost in pounds and pence, like 12.50 or £1,200"),
            "min_value": _("Enter a cost of more than £0"),
            "max_value": _("Enter a cost of %(max)s or less"),
        },
    )


# --- team ---------------------------------------------------------------------


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation will deliver the project?"),
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_(
            "A constituted group, charity or company you are a member of. It "
            "receives the money if the campaign succeeds."
        ),
        error_messages={
            "required": _("Select the organisation that will deliver the project"),
            "invalid_choice": _(
                "Select the organisation that will deliver the project"
            ),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user, is_hidden=False
        ).order_by("name")


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person to invite"),
        max_length=254,
        help_text=_("We will email them a link to join the team."),
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _(
                "Enter an email address in the correct format, like name@example.com"
            ),
        },
    )


# --- permissions and insurance ------------------------------------------------


class PermissionsForm(forms.Form):
    needs_permission = yes_no_field(
        _("Do you need permission from a landowner or the council?"),
        _("Select yes if you need permission from a landowner or the council"),
    )
    permission_details = forms.CharField(
        label=_("Which permissions do you need, and do you have them?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Permission details must be 2,000 characters or fewer")
        },
    )
    has_insurance = yes_no_field(
        _("Does the project have public liability insurance?"),
        _("Select yes if the project has public liability insurance"),
    )
    insurance_details = forms.CharField(
        label=_("Who provides the insurance and how much does it cover?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Insurance details must be 2,000 characters or fewer")
        },
    )

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        return {
            "needs_permission": _yes_no_initial(project.needs_permission),
            "permission_details": project.permission_details,
            "has_insurance": _yes_no_initial(project.has_insurance),
            "insurance_details": project.insurance_details,
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("needs_permission")
            and not data.get("permission_details", "").strip()
        ):
            self.add_error(
                "permission_details",
                _("Enter which permissions you need and whether you have them"),
            )
        if data.get("has_insurance") and not data.get("insurance_details", "").strip():
            self.add_error(
                "insurance_details",
                _("Enter who provides the insurance and how much it covers"),
            )
        return data


# --- other help ---------------------------------------------------------------


class NeedForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of help do you need?"),
        choices=Need.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the kind of help you need"),
            "invalid_choice": _("Select the kind of help you need"),
        },
    )
    description = forms.CharField(
        label=_("Describe what you need"),
        max_length=200,
        help_text=_("For example, “Use of a hall on Saturday 14 March”."),
        error_messages={
            "required": _("Describe what you need"),
            "max_length": _("Description must be 200 characters or fewer"),
        },
    )
    quantity = forms.IntegerField(
        label=_("How many?"),
        min_value=1,
        max_value=10_000,
        initial=1,
        error_messages={
            "required": _("Enter how many you need"),
            "invalid": _("Enter how many you need as a whole number, like 10"),
            "min_value": _("Enter a number of 1 or more"),
            "max_value": _("Enter a number of 10,000 or fewer"),
        },
    )


class OfferForm(forms.Form):
    message = forms.CharField(
        label=_("What can you offer?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Say what you can do and when. The team will see your name and "
            "email address so they can reply."
        ),
        error_messages={
            "required": _("Enter what you can offer"),
            "max_length": _("Your offer must be 1,000 characters or fewer"),
        },
    )


# --- updates and decisions ----------------------------------------------------


class UpdateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        error_messages={
            "required": _("Enter a title for your update"),
            "max_length": _("Title must be 120 characters or fewer"),
        },
    )
    body = forms.CharField(
        label=_("Update"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Enter your update"),
            "max_length": _("Your update must be 5,000 characters or fewer"),
        },
    )
