"""Money typed by people: pounds and pence in, integer pence out, exactly.

One parser for every app (pledges, budgets, funds, awards), so "£1,200.50"
means the same everywhere and no float ever touches an amount.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

# "12", "12.5", "12.50", "1,200", "£1,200.00": commas only between thousands.
_POUNDS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")


class PoundsError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_pounds(text: str) -> int:
    """An amount typed in pounds and pence, as whole pence, exactly.

    Raises ``PoundsError`` with code "required", "invalid" or "decimals".
    No floats are involved: "0.29" is 29 pence, not 28.999….
    """
    cleaned = (text or "").strip().replace(" ", "")
    if cleaned.startswith("£"):
        cleaned = cleaned[1:]
    if not cleaned:
        raise PoundsError("required")
    if re.fullmatch(r"[\d,]*\.\d{3,}", cleaned):
        raise PoundsError("decimals")
    if not _POUNDS.match(cleaned):
        raise PoundsError("invalid")
    return int(Decimal(cleaned.replace(",", "")) * 100)


def format_pounds(pence) -> str:
    """Pence to what the person would type back: 125050 -> "1250.50"."""
    if pence in (None, ""):
        return ""
    pence = int(pence)
    return f"{pence // 100}.{pence % 100:02d}" if pence % 100 else str(pence // 100)


class PoundsField(forms.CharField):
    """A money field typed in pounds and pence, cleaned to integer pence."""

    default_error_messages = {
        "required": _("Enter an amount"),
        "invalid": _("Enter an amount in pounds and pence, like 12.50 or £1,200"),
        "decimals": _("Enter an amount with no more than 2 numbers after the point"),
        "min_value": _("Enter an amount of more than £0"),
        "max_value": _("Enter an amount of %(max)s or less"),
    }

    def __init__(self, *, min_pence: int = 1, max_pence: int | None = None, **kwargs):
        self.min_pence = min_pence
        self.max_pence = max_pence
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("spellcheck", "false")

    def prepare_value(self, value):
        # An int is a stored amount in pence; a string is what was typed.
        if isinstance(value, int):
            return format_pounds(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            pence = parse_pounds(value)
        except PoundsError as error:
            raise forms.ValidationError(
                self.error_messages[error.code], code=error.code
            ) from None
        if pence < self.min_pence:
            raise forms.ValidationError(
                self.error_messages["min_value"], code="min_value"
            )
        if self.max_pence is not None and pence > self.max_pence:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"max": f"£{self.max_pence // 100:,}"},
            )
        return pence

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(
                self.error_messages["required"], code="required"
            )

    def run_validators(self, value):
        # CharField's length validators would see an int: the length was
        # already checked on the text.
        return
