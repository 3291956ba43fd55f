"""The lending desk's forms: each one question, or one small group, per page."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.forms.widgets import GovukDateField
from inclusion.models import MAX_EXTENSION_DAYS, MAX_LOAN_DAYS, Device, DeviceIncident

_TIME = re.compile(
    r"^\s*(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>am|pm)?\s*$", re.I
)


def parse_time(text: str) -> datetime.time | None:
    """ "14:30", "2:30pm", "2pm", "9.15am"; None when it is not a time."""
    match = _TIME.match(text or "")
    if not match:
        return None
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = (match["ampm"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class DeviceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Device) -> str:
        return f"{obj.asset_tag}: {obj.model_name} ({obj.get_kind_display().lower()})"


class AllocateForm(forms.Form):
    device = DeviceChoiceField(
        label=_("Which device?"),
        queryset=Device.objects.none(),
        widget=forms.RadioSelect,
        to_field_name="asset_tag",
        empty_label=None,
        error_messages={
            "required": _("Select a device"),
            "invalid_choice": _(
                "That device is no longer available. Select another device"
            ),
        },
    )
    collection_date = GovukDateField(
        label=_("Collection date"),
        help_text=_("For example, 27 11 2026"),
        error_messages={"required": _("Enter the collection date")},
    )
    collection_time = forms.CharField(
        label=_("Collection time"),
        help_text=_("For example, 10:30am or 14:30"),
        max_length=10,
        error_messages={"required": _("Enter the collection time")},
    )
    reason = forms.CharField(
        label=_("Why are you choosing this person before the next on the list?"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Reason must be 300 characters or fewer")},
    )

    def __init__(self, *args, devices, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices
        self.needs_reason = needs_reason
        if not needs_reason:
            del self.fields["reason"]

    def clean_collection_date(self) -> datetime.date:
        day = self.cleaned_data["collection_date"]
        if day < timezone.localdate():
            raise forms.ValidationError(
                _("The collection date must be today or in the future")
            )
        return day

    def clean_collection_time(self) -> datetime.time:
        time = parse_time(self.cleaned_data["collection_time"])
        if time is None:
            raise forms.ValidationError(
                _("Enter the collection time, like 10:30am or 14:30")
            )
        return time

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if self.needs_reason and not reason:
            raise forms.ValidationError(
                _("Enter why you are choosing this person before the next on the list")
            )
        return reason

    def collection_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(
                self.cleaned_data["collection_date"],
                self.cleaned_data["collection_time"],
            )
        )


class CollectForm(forms.Form):
    starts_on = GovukDateField(
        label=_("Start date"),
        help_text=_("The day they collected the device. For example, 27 11 2026"),
        error_messages={"required": _("Enter the start date")},
    )
    due_on = GovukDateField(
        label=_("Due date"),
        help_text=_("No more than 28 days after the start date."),
        error_messages={"required": _("Enter the due date")},
    )

    def clean(self):
        cleaned = super().clean()
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on:
            if due_on < starts_on:
                self.add_error("due_on", _("The due date must be after the start date"))
            elif due_on > starts_on + datetime.timedelta(days=MAX_LOAN_DAYS):
                self.add_error(
                    "due_on",
                    _("The due date must be no more than 28 days after the start date"),
                )
        return cleaned


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=_("How many more days?"),
        help_text=_("Between 1 and 14 days."),
        min_value=1,
        max_value=MAX_EXTENSION_DAYS,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": _("Enter how many more days"),
            "invalid": _("Enter a number of days between 1 and 14"),
            "min_value": _("Enter a number of days between 1 and 14"),
            "max_value": _("Enter a number of days between 1 and 14"),
        },
    )


class ReturnForm(forms.Form):
    returned_on = GovukDateField(
        label=_("When was the device returned?"),
        help_text=_("For example, 27 11 2026"),
        error_messages={"required": _("Enter the date the device was returned")},
    )

    def clean_returned_on(self) -> datetime.date:
        day = self.cleaned_data["returned_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The return date must be today or in the past")
            )
        return day


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened to the device?"),
        choices=DeviceIncident.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the device was lost or damaged")},
    )
    description = forms.CharField(
        label=_("Details"),
        help_text=_("What happened and when, and any crime reference number."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter what happened"),
            "max_length": _("Details must be 1000 characters or fewer"),
        },
    )


class CancelReservationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you cancelling the reservation?"),
        help_text=_("They go back on the waiting list in their old place."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter why you are cancelling the reservation"),
            "max_length": _("Reason must be 300 characters or fewer"),
        },
    )


class WipeForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes (optional)"),
        help_text=_("For example, how it was reset and its condition."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Notes must be 500 characters or fewer")},
    )


class OverdueFilterForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("All sites"),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class MarkPostedForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""
