from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Borough
from inclusion.models import Site


class CourseFilterForm(forms.Form):
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All boroughs"),
        error_messages={"invalid_choice": _("Select a borough from the list")},
    )
    site = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Site.objects.filter(is_active=True, runs_training=True).order_by(
            "name"
        ),
        to_field_name="slug",
        required=False,
        empty_label=_("All places"),
        error_messages={"invalid_choice": _("Select a place from the list")},
    )


class SiteFilterForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Site.objects.filter(runs_training=True).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All places"),
        error_messages={"invalid_choice": _("Select a place from the list")},
    )


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""


class StaffBookForm(forms.Form):
    participant = forms.UUIDField(widget=forms.HiddenInput)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Did they attend?"),
        choices=[("yes", _("Attended")), ("no", _("Did not attend"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether they attended")},
    )
    hours = forms.CharField(
        label=_("Hours attended"),
        help_text=_("For example, 2 or 1.5. Leave as it is if they stayed throughout."),
        required=False,
        max_length=5,
    )

    def __init__(self, *args, max_hours: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_hours = max_hours

    def clean_hours(self) -> Decimal | None:
        text = (self.cleaned_data.get("hours") or "").strip()
        if not text:
            return None
        try:
            hours = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                _("Enter hours attended as a number, like 2 or 1.5")
            ) from None
        if not hours.is_finite() or hours != hours.quantize(Decimal("0.1")):
            raise forms.ValidationError(
                _("Enter hours attended as a number, like 2 or 1.5")
            )
        return hours

    def clean(self):
        data = super().clean()
        hours = data.get("hours")
        if data.get("attended") and hours is not None:
            if hours <= 0:
                self.add_error("hours", _("Enter hours attended of more than 0"))
            elif hours > self.max_hours:
                self.add_error(
                    "hours",
                    _(
                        "Hours attended must be %(max)s or fewer: "
                        "the session is %(max)s hours long"
                    )
                    % {"max": f"{self.max_hours.normalize():f}"},
                )
        return data
