import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as in the GOV.UK date input pattern."""

    template_name = "govuk/forms/widgets/date.html"

    def __init__(self, attrs=None):
        super().__init__(
            [forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs=attrs
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget
    default_error_messages = {
        "invalid": _("Enter a real date"),
        "incomplete": _("Enter a full date, with day, month and year"),
        "year": _("Year must include 4 numbers"),
    }

    def __init__(self, **kwargs):
        error_messages = kwargs.pop("error_messages", {})
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1000, max_value=9999),
        )
        super().__init__(
            fields=fields,
            require_all_fields=False,
            error_messages={**self.default_error_messages, **error_messages},
            **kwargs,
        )

    def clean(self, value):
        # One clear message for the whole date, never three technical ones.
        if isinstance(value, datetime.date):  # a disabled field's initial value
            return value
        parts = ["" if v is None else str(v).strip() for v in (value or [])]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            if self.required:
                raise forms.ValidationError(
                    self.error_messages["required"], code="required"
                )
            return None
        if not all(parts):
            raise forms.ValidationError(
                self.error_messages["incomplete"], code="incomplete"
            )
        try:
            day, month, year = (int(part) for part in parts[:3])
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
        if not 1000 <= year <= 9999:
            # "23" is not 2023: GOV.UK asks for all four numbers rather than guess.
            raise forms.ValidationError(self.error_messages["year"], code="year")
        try:
            result = datetime.date(year, month, day)
        except (ValueError, OverflowError):  # 31 February; a 20-digit day
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
        self.validate(result)
        self.run_validators(result)
        return result

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return None
