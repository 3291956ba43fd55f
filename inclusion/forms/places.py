"""The "Find a place to borrow a tablet or learn" search."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Borough
from civic.validators import validate_uk_postcode

# An outward code ("postcode district"): SE6, N1, SW1A, EC1V, W1T.
_DISTRICT_RE = re.compile(
    r"^([A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$"
)


def _compact(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


POSTCODE_ERROR = _("Enter a postcode district, like SE6, or a full postcode")


def postcode_district(value: str) -> str | None:
    """ "se6" -> "SE6"; "SE6 4RU" -> "SE6"; anything else -> None."""
    compact = _compact(value)
    if _DISTRICT_RE.match(compact):
        return compact
    if len(compact) >= 5:
        try:
            validate_uk_postcode(compact)
        except forms.ValidationError:
            return None
        return compact[:-3]
    return None


class PlaceSearchForm(forms.Form):
    OFFERS = [
        ("devices", _("Lends tablets, laptops or hotspots")),
        ("training", _("Runs digital skills training")),
    ]

    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any borough"),
        error_messages={"invalid_choice": _("Choose a borough from the list")},
    )
    postcode = forms.CharField(
        label=_("Postcode district"),
        help_text=_("The first part of a postcode, like SE6, or a full postcode"),
        required=False,
        max_length=10,
        error_messages={"max_length": POSTCODE_ERROR},
    )
    offers = forms.MultipleChoiceField(
        label=_("What do you need?"),
        choices=OFFERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose what you need from the list")},
    )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        district = postcode_district(value)
        if district is None:
            raise forms.ValidationError(POSTCODE_ERROR, code="postcode")
        return district
