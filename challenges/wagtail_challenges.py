"""Programmes, themes and challenges in the Wagtail admin.

``ChallengesViewSetGroup.items`` is a tuple other areas extend (the lead
joins them); the group is registered here, when ``wagtail_hooks`` imports
this module."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from challenges.models import Challenge, Programme, Theme
from civic.models import Organisation
from civic.templatetags.govuk import pence

OWNER_TYPES = (Organisation.Type.PUBLIC_BODY, Organisation.Type.COMPANY)


class ProgrammeAdminForm(WagtailAdminModelForm):
    """The testing fund is typed in pounds and stored in pence, exactly."""

    testing_fund_pounds = forms.DecimalField(
        label=_("Testing fund per winner (£)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text=_("In pounds, for example 15000 for £15,000."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["testing_fund_pounds"].initial = (
            Decimal(self.instance.testing_fund_pence) / 100
        )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The programme must end after it starts"))
        return cleaned

    def save(self, commit=True):
        self.instance.testing_fund_pence = int(
            self.cleaned_data["testing_fund_pounds"] * 100
        )
        return super().save(commit=commit)


class ChallengeAdminForm(WagtailAdminModelForm):
    """Owner is a public body or a company; criteria weights add up to 100."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            self.fields["owner"].queryset = Organisation.objects.filter(
                type__in=OWNER_TYPES
            ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("criteria")
        if formset is None or not formset.is_valid():
            return cleaned
        live = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        total = sum(data.get("weight_percent") or 0 for data in live)
        status = cleaned.get("status")
        if not live and status != Challenge.Status.DRAFT:
            raise ValidationError(
                _("Add the assessment criteria before you publish the challenge")
            )
        if live and total != 100:
            raise ValidationError(
                _(
                    "The criteria's weights must add up to 100%%. "
                    "They add up to %(total)s%%."
                )
                % {"total": total}
            )
        names = [data.get("name", "").strip().lower() for data in live]
        if len(names) != len(set(names)):
            raise ValidationError(_("Give each criterion a different name"))
        return cleaned

    def save(self, commit=True):
        if (
            self.instance.status == Challenge.Status.PUBLISHED
            and self.instance.published_at is None
        ):
            self.instance.published_at = timezone.now()
        return super().save(commit=commit)


class ProtectedDeleteView(DeleteView):
    """A theme, programme or challenge that is still used (a challenge by its
    applications, a programme or theme by its challenges) is kept, with a
    message, instead of a server error. Wagtail's own check reads its
    reference index, which knows nothing of applications and can lag behind
    rows not saved through the admin."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("“%(object)s” is still in use, so it cannot be deleted.")
                % {"object": self.object},
            )
            return redirect(self.get_success_url())


class ThemeViewSet(SnippetViewSet):
    model = Theme
    delete_view_class = ProtectedDeleteView
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


FUND_COLUMN = Column(
    "testing_fund",
    label=_("Testing fund per winner"),
    accessor=lambda programme: pence(programme.testing_fund_pence),
)


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    delete_view_class = ProtectedDeleteView
    icon = "calendar-alt"
    menu_label = _("Programmes")
    list_display = ["name", "starts_on", "ends_on", FUND_COLUMN]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("delivery_partner"),
            FieldPanel("testing_fund_pounds"),
        ],
        base_form_class=ProgrammeAdminForm,
    )


class ChallengeViewSet(SnippetViewSet):
    model = Challenge
    delete_view_class = ProtectedDeleteView
    icon = "pick"
    menu_label = _("Challenges")
    list_display = ["title", "programme", "owner", "application_deadline", "status"]
    list_filter = ["status", "programme", "theme"]
    search_fields = ["title", "summary"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("slug"),
                    FieldPanel("summary"),
                    FieldRowPanel([FieldPanel("programme"), FieldPanel("theme")]),
                    FieldPanel("owner"),
                    FieldPanel("application_deadline"),
                    FieldPanel(
                        "status",
                        help_text=_(
                            "Published challenges appear on the site; archived "
                            "ones stay visible but closed."
                        ),
                    ),
                ],
                heading=_("The challenge"),
            ),
            FieldPanel("problem_statement"),
            FieldPanel("who_is_affected"),
            FieldPanel("success_looks_like"),
            FieldPanel("data_and_assets"),
            FieldPanel("eligibility"),
            FieldPanel("support_offered"),
            InlinePanel(
                "criteria",
                heading=_("Assessment criteria (weights add up to 100%)"),
                label=_("Criterion"),
                panels=[
                    FieldPanel("name"),
                    FieldPanel("description"),
                    FieldPanel("weight_percent"),
                    FieldPanel("sort_order"),
                ],
                min_num=1,
            ),
        ],
        base_form_class=ChallengeAdminForm,
    )


class ChallengesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Civic Innovation Challenge")
    menu_icon = "pick"
    menu_name = "civic-innovation-challenge"
    menu_order = 320
    items = (ChallengeViewSet, ProgrammeViewSet, ThemeViewSet)


register_snippet(ChallengesViewSetGroup)
