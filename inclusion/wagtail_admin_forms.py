"""Forms Inclusion officers use in the Wagtail admin: the model's rules become
form errors in GOV.UK's voice rather than database errors."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from civic import groups

from .models import Circumstance, Device, SkillArea

BLOCKED_UNTIL_WIPED = (
    Device.Status.AVAILABLE,
    Device.Status.RESERVED,
    Device.Status.ON_LOAN,
)


class DeviceAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if self.instance.needs_wipe and status in BLOCKED_UNTIL_WIPED:
            self.add_error(
                "status",
                _(
                    "This device came back from a loan and needs a data wipe. "
                    "Record the wipe before you make it available, reserved or "
                    "on loan"
                ),
            )
        return cleaned


class SchemeAdminForm(WagtailAdminModelForm):
    circumstances = forms.MultipleChoiceField(
        label=_("Qualifying circumstances"),
        help_text=_(
            "Any one of these qualifies, as does the minimum age. Leave both "
            "empty for a scheme open to everyone in its boroughs."
        ),
        choices=Circumstance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_circumstances(self) -> list[str]:
        return list(self.cleaned_data["circumstances"])


class CourseAdminForm(WagtailAdminModelForm):
    skill_areas = forms.MultipleChoiceField(
        label=_("Essential Digital Skills areas"),
        choices=SkillArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one skills area")},
    )

    def clean_skill_areas(self) -> list[str]:
        return list(self.cleaned_data["skill_areas"])

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and not (0 < hours <= 40):
            raise forms.ValidationError(
                _("Enter a length of more than 0 and at most 40 hours"),
                code="hours_range",
            )
        return hours


def tutors():
    """People who can teach: Inclusion officers and superusers."""
    return (
        get_user_model()
        .objects.filter(
            Q(groups__name=groups.INCLUSION_OFFICERS) | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "email")
    )


class TrainingSessionAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tutor" in self.fields:
            self.fields["tutor"].queryset = tutors()

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        booked = self.instance.booked_count if self.instance.pk else 0
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(
                _("Enter a number of places of at least 1"), code="no_places"
            )
        if capacity is not None and capacity < booked:
            raise forms.ValidationError(
                _(
                    "%(booked)s people are booked on this session. Enter a number "
                    "of places of at least %(booked)s, or cancel bookings first"
                ),
                params={"booked": booked},
                code="below_booked",
            )
        return capacity

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts"))
        return cleaned


class OpeningHoursAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Closing time must be after opening time"))
        return cleaned
