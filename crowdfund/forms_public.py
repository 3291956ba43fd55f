"""The browse page's filters: a GET form that works without JavaScript.

Unknown values (an old link, a hand-edited address) are ignored rather than
shown as errors: a filter that does not apply just does not filter.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Borough

from .models import FundingRound, Theme

STATUS_CHOICES = [
    ("any", _("Any status")),
    ("live", _("Live: open for pledges")),
    ("funded", _("Funded: reached its target")),
    ("delivering", _("Delivering")),
    ("completed", _("Completed")),
]

SORT_CHOICES = [
    ("newest", _("Newest")),
    ("ending_soon", _("Ending soon")),
    ("percent_funded", _("Percentage funded")),
]


class BrowseForm(forms.Form):
    q = forms.CharField(label=_("Search projects"), required=False, max_length=200)
    borough = forms.ModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All boroughs"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    # FundingRound.get_absolute_url() links here with ?round=<slug>.
    round = forms.ModelChoiceField(
        label=_("Funding round"),
        queryset=FundingRound.objects.order_by("-campaigns_open_at"),
        to_field_name="slug",
        required=False,
        empty_label=_("All rounds"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=STATUS_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def filters(self) -> dict:
        """The filters to apply: the valid ones, each invalid one dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "words": data.get("q") or "",
            "borough": data.get("borough"),
            "theme": data.get("theme"),
            "funding_round": data.get("round"),
            "status": "" if data.get("status") in (None, "", "any") else data["status"],
            "sort": data.get("sort") or "newest",
        }

    def has_filters(self) -> bool:
        filters = self.filters()
        return bool(
            filters["words"]
            or filters["borough"]
            or filters["theme"]
            or filters["funding_round"]
            or filters["status"]
        )
