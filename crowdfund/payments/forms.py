"""The offline gateway's "Enter card details" form (GOV.UK Pay's wording)."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _digits(value: str) -> bool:
    """0-9 only: str.isdigit() also accepts "²" and "①", which int() refuses."""
    return value.isascii() and value.isdigit()


class CardDetailsForm(forms.Form):
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=30,
        error_messages={"required": _("Enter a card number")},
    )
    expiry_month = forms.CharField(
        label=_("Month"),
        max_length=2,
        error_messages={"required": _("Enter the expiry date")},
    )
    expiry_year = forms.CharField(
        label=_("Year"),
        max_length=4,
        error_messages={"required": _("Enter the expiry date")},
    )
    cardholder_name = forms.CharField(
        label=_("Name on card"),
        max_length=100,
        error_messages={"required": _("Enter the name as it appears on the card")},
    )
    security_code = forms.CharField(
        label=_("Card security code"),
        help_text=_("The last 3 digits on the back of the card"),
        max_length=4,
        error_messages={"required": _("Enter a card security code")},
    )

    def clean_card_number(self) -> str:
        number = re.sub(r"[\s-]", "", self.cleaned_data["card_number"])
        if not _digits(number) or not 12 <= len(number) <= 19 or not luhn_valid(number):
            raise forms.ValidationError(_("Enter a valid card number"))
        return number

    def clean_expiry_month(self) -> int:
        value = self.cleaned_data["expiry_month"].strip()
        if not _digits(value) or not 1 <= int(value) <= 12:
            raise forms.ValidationError(_("Enter a valid expiry date"))
        return int(value)

    def clean_expiry_year(self) -> int:
        value = self.cleaned_data["expiry_year"].strip()
        if not _digits(value) or len(value) not in (2, 4):
            raise forms.ValidationError(_("Enter a valid expiry date"))
        year = int(value)
        return year + 2000 if year < 100 else year

    def clean_security_code(self) -> str:
        value = self.cleaned_data["security_code"].strip()
        if not _digits(value) or len(value) not in (3, 4):
            raise forms.ValidationError(_("Enter a valid card security code"))
        return value

    def clean(self):
        cleaned = super().clean()
        month, year = cleaned.get("expiry_month"), cleaned.get("expiry_year")
        if month and year:
            today = timezone.localdate()
            if (year, month) < (today.year, today.month):
                self.add_error("expiry_month", _("The card has expired"))
        return cleaned
