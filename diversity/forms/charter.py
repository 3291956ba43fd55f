"""Forms for signing the charter and for a year's figures. Each rule is here,
with its message in GOV.UK's voice; the database CHECKs are the backstop."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from diversity.models import PledgeVersion, Sector, SizeBand

MAX_PEOPLE = 1_000_000
WHOLE_NUMBER = _("Enter a whole number, like 12")


class ChooseOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Which organisation is signing the charter?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Select the organisation that is signing"),
            "invalid_choice": _("Select the organisation that is signing"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.to_field_name = "slug"


class OrganisationDetailsForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Which sector is your organisation in?"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select your organisation's sector")},
    )
    size_band = forms.ChoiceField(
        label=_("How many people does your organisation employ?"),
        help_text=_("Everyone, not only people in technology roles."),
        choices=SizeBand.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how many people your organisation employs")
        },
    )


class SponsorForm(forms.Form):
    sponsor_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        error_messages={
            "required": _("Enter the senior sponsor's full name"),
            "max_length": _("Full name must be 120 characters or fewer"),
        },
    )
    sponsor_job_title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        error_messages={
            "required": _("Enter the senior sponsor's job title"),
            "max_length": _("Job title must be 150 characters or fewer"),
        },
    )
    sponsor_email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter the senior sponsor's email address"),
            "invalid": _(
                "Enter an email address in the correct format, like name@example.com"
            ),
        },
    )


class ContactForm(forms.Form):
    contact_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        error_messages={
            "required": _("Enter the contact's full name"),
            "max_length": _("Full name must be 120 characters or fewer"),
        },
    )
    contact_email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter the contact's email address"),
            "invalid": _(
                "Enter an email address in the correct format, like name@example.com"
            ),
        },
    )


class PledgesForm(forms.Form):
    """One "We accept this pledge" checkbox for each current wording."""

    def __init__(self, *args, versions: list[PledgeVersion], **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions
        for version in versions:
            self.fields[self.field_name(version)] = forms.BooleanField(
                label=_("We accept this pledge"),
                required=True,
                error_messages={
                    "required": _("Accept the pledge ‘%(title)s’")
                    % {"title": version.title}
                },
            )

    @staticmethod
    def field_name(version: PledgeVersion) -> str:
        return f"pledge_{version.pk}"

    def pledge_fields(self):
        return [(version, self[self.field_name(version)]) for version in self.versions]

    def accepted_version_ids(self) -> list[int]:
        return [
            v.pk for v in self.versions if self.cleaned_data.get(self.field_name(v))
        ]


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""


def _count(label, required_message):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_PEOPLE,
        widget=forms.NumberInput(attrs={"spellcheck": "false"}),
        error_messages={
            "required": required_message,
            "invalid": WHOLE_NUMBER,
            "min_value": _("Enter a number of 0 or more"),
            "max_value": _("Enter a number of 1,000,000 or fewer"),
        },
    )


SEX_FIELDS = ("women", "men", "sex_other_or_unknown")
ETHNICITY_FIELDS = (
    "ethnicity_white",
    "ethnicity_mixed",
    "ethnicity_asian",
    "ethnicity_black",
    "ethnicity_other",
    "ethnicity_unknown",
)


class SubmissionForm(forms.Form):
    tech_headcount = _count(
        _("How many people work in tech roles?"),
        _("Enter the number of people in tech roles"),
    )
    women = _count(_("Women"), _("Enter the number of women, or 0"))
    men = _count(_("Men"), _("Enter the number of men, or 0"))
    sex_other_or_unknown = _count(
        _("Another sex, not known or prefer not to say"),
        _("Enter the number of people of another or unknown sex, or 0"),
    )
    ethnicity_white = _count(_("White"), _("Enter the number of White people, or 0"))
    ethnicity_mixed = _count(
        _("Mixed or Multiple ethnic groups"),
        _("Enter the number of people from Mixed or Multiple ethnic groups, or 0"),
    )
    ethnicity_asian = _count(
        _("Asian or Asian British"),
        _("Enter the number of Asian or Asian British people, or 0"),
    )
    ethnicity_black = _count(
        _("Black, Black British, Caribbean or African"),
        _(
            "Enter the number of Black, Black British, Caribbean or African people, or 0"
        ),
    )
    ethnicity_other = _count(
        _("Other ethnic group"),
        _("Enter the number of people from another ethnic group, or 0"),
    )
    ethnicity_unknown = _count(
        _("Not known or prefer not to say"),
        _("Enter the number of people whose ethnic group is not known, or 0"),
    )
    recruited = _count(
        _("How many people did you recruit into tech roles in the year?"),
        _("Enter the number of people recruited, or 0"),
    )
    recruited_women = _count(
        _("Of those, how many were women?"),
        _("Enter the number of women recruited, or 0"),
    )

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("tech_headcount")
        if total is not None:
            self._check_parts(
                SEX_FIELDS,
                total,
                _(
                    "The numbers by sex add up to %(sum)s. They must add up to "
                    "the %(total)s people in tech roles"
                ),
            )
            self._check_parts(
                ETHNICITY_FIELDS,
                total,
                _(
                    "The numbers by ethnic group add up to %(sum)s. They must add "
                    "up to the %(total)s people in tech roles"
                ),
            )
        recruited = cleaned.get("recruited")
        recruited_women = cleaned.get("recruited_women")
        if (
            recruited is not None
            and recruited_women is not None
            and recruited_women > recruited
        ):
            self.add_error(
                "recruited_women",
                _(
                    "The number of women recruited must be no more than the "
                    "%(recruited)s people recruited"
                )
                % {"recruited": recruited},
            )
        return cleaned

    def _check_parts(self, names, total: int, message) -> None:
        parts = [self.cleaned_data.get(name) for name in names]
        if any(part is None for part in parts):
            return  # each missing part has its own message
        if sum(parts) != total:
            self.add_error(names[0], message % {"sum": sum(parts), "total": total})
