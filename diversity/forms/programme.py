from django import forms
from django.utils.translation import gettext_lazy as _


class ProgrammeYearForm(forms.Form):
    """The dashboard's one filter; a year that does not exist is ignored."""

    year = forms.TypedChoiceField(
        label=_("Programme year"),
        coerce=int,
        required=False,
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y.pk, y.name) for y in years]

    def chosen(self, years, default):
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            by_pk = {y.pk: y for y in years}
            return by_pk.get(self.cleaned_data["year"], default)
        return default
