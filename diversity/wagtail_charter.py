"""The Tech Talent Charter in the Wagtail admin: reporting years (with a
"Close year" action), pledges and their wordings, signatories (with "Mark
withdrawn") and the programme's targets.

Pledge wordings are added, never changed or deleted: a change of wording is
a new version, so what signatories accepted stays as it was. The permission
policy refuses "change" and "delete" on wordings to everyone, superusers
included, so the admin never offers an edit button.
"""

from __future__ import annotations

from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from civic.admin_views import permission_denied
from diversity.models import (
    Pledge,
    PledgeVersion,
    ProgrammeTarget,
    ReportingYear,
    Signatory,
)
from diversity.services import charter as charter_services
from diversity.services import submissions as submission_services

MANAGE_CHARTER = "diversity.manage_charter"
CHANGE_SIGNATORY = "diversity.change_signatory"

app_name = "diversity_charter_admin"


class RefusingPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that some actions are refused to everyone."""

    def __init__(self, model, refused: set[str]):
        super().__init__(model)
        self.refused = refused

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)


# --- Reporting years ----------------------------------------------------------------


class ReportingYearViewSet(SnippetViewSet):
    model = ReportingYear
    icon = "date"
    menu_label = gettext_lazy("Reporting years")
    url_prefix = "diversity/reporting-years"
    list_display = ["year", "opens_on", "closes_on", "locked_at"]
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [FieldPanel("year"), FieldPanel("opens_on"), FieldPanel("closes_on")]

    @property
    def permission_policy(self):
        # Submissions PROTECT their year: a year is closed, never deleted.
        return RefusingPermissionPolicy(self.model, {"delete"})


# --- Pledges and wordings -----------------------------------------------------------


class PledgeViewSet(SnippetViewSet):
    model = Pledge
    icon = "list-ol"
    menu_label = gettext_lazy("Pledges")
    url_prefix = "diversity/pledges"
    list_display = ["__str__", "code", "sort_order"]
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [FieldPanel("code"), FieldPanel("sort_order")]

    @property
    def permission_policy(self):
        return RefusingPermissionPolicy(self.model, {"delete"})


class PledgeVersionAdminForm(WagtailAdminModelForm):
    """A new wording: the version number is the next one for that pledge,
    chosen by ``pledge_version_add`` under a lock."""

    class Meta:
        model = PledgeVersion
        fields = ["pledge", "title", "text", "effective_from"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user

    def validate_unique(self):
        pass  # the version number is chosen on save

    def _post_clean(self):
        # The model's constraints need a version number, which save() picks.
        self.instance.version = self.instance.version or 1
        super()._post_clean()

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance = charter_services.pledge_version_add(
            pledge=data["pledge"],
            title=data["title"],
            text=data["text"],
            effective_from=data["effective_from"],
            user=self.for_user,
        )
        return self.instance


class PledgeVersionViewSet(SnippetViewSet):
    model = PledgeVersion
    icon = "doc-full"
    menu_label = gettext_lazy("Pledge wordings")
    url_prefix = "diversity/pledge-wordings"
    list_display = [
        "title",
        Column("pledge", label=gettext_lazy("Pledge"), accessor="pledge_title"),
        "version",
        "effective_from",
    ]
    list_filter = ["pledge"]
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("pledge"),
            FieldPanel("title"),
            FieldPanel("text"),
            FieldPanel("effective_from"),
        ],
        base_form_class=PledgeVersionAdminForm,
    )

    def get_queryset(self, request):
        # The pledge's name is its newest wording's title: one subquery, not
        # a query for each row.
        newest = PledgeVersion.objects.filter(pledge=OuterRef("pledge")).order_by(
            "-version"
        )
        return PledgeVersion.objects.annotate(
            pledge_title=Coalesce(
                Subquery(newest.values("title")[:1]),
                F("pledge__code"),
                output_field=CharField(),
            )
        )

    @property
    def permission_policy(self):
        return RefusingPermissionPolicy(self.model, {"change", "delete"})


# --- Signatories --------------------------------------------------------------------


class SignatoryViewSet(SnippetViewSet):
    model = Signatory
    icon = "group"
    menu_label = gettext_lazy("Signatories")
    url_prefix = "diversity/signatories"
    list_display = ["organisation", "sector", "size_band", "is_gla_group", "signed_at"]
    list_filter = ["sector", "size_band", "is_gla_group"]
    search_fields = ["organisation__name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("sector"),
            FieldPanel("size_band"),
            FieldPanel("is_gla_group"),
            MultiFieldPanel(
                [
                    FieldPanel("sponsor_name"),
                    FieldPanel("sponsor_job_title"),
                    FieldPanel("sponsor_email"),
                ],
                heading=gettext_lazy("Senior sponsor"),
            ),
            MultiFieldPanel(
                [FieldPanel("contact_name"), FieldPanel("contact_email")],
                heading=gettext_lazy("Contact"),
            ),
        ]
    )

    def get_queryset(self, request):
        return Signatory.objects.select_related("organisation")

    @property
    def permission_policy(self):
        # Organisations sign on the public site, and a signatory is withdrawn,
        # never deleted.
        return RefusingPermissionPolicy(self.model, {"add", "delete"})


class ProgrammeTargetViewSet(SnippetViewSet):
    model = ProgrammeTarget
    icon = "pick"
    menu_label = gettext_lazy("Programme targets")
    url_prefix = "diversity/programme-targets"
    copy_view_enabled = False


class TechTalentViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Tech talent")
    menu_icon = "user"
    menu_name = "tech-talent"
    menu_order = 330
    items = (
        ReportingYearViewSet,
        PledgeViewSet,
        PledgeVersionViewSet,
        SignatoryViewSet,
        ProgrammeTargetViewSet,
    )


# --- Actions: close a year, mark a signatory withdrawn ------------------------------


class _ConfirmView(WagtailAdminTemplateMixin, TemplateView):
    permission = ""
    model = None
    template_name = "diversity/admin/confirm.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return permission_denied(request)
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            explanation=self.explanation(),
            button=self.button,
            cancel_url=self.cancel_url(),
        )
        return context


class CloseYearView(_ConfirmView):
    permission = MANAGE_CHARTER
    model = ReportingYear
    page_title = gettext_lazy("Close the reporting year")
    button = gettext_lazy("Close the year and lock its figures")

    def explanation(self):
        if self.object.locked_at:
            return _("This year is already closed.")
        return _(
            "Closing %(year)s locks every signatory's figures for the year. "
            "Nobody can correct them after this. This cannot be undone."
        ) % {"year": self.object.year}

    def cancel_url(self):
        return reverse("wagtailsnippets_diversity_reportingyear:list")

    def post(self, request, *args, **kwargs):
        submission_services.year_close(year=self.object, user=request.user)
        messages.success(
            request,
            _("%(year)s is closed and its figures are locked.")
            % {"year": self.object.year},
        )
        return redirect(self.cancel_url())


class WithdrawSignatoryView(_ConfirmView):
    permission = CHANGE_SIGNATORY
    model = Signatory
    page_title = gettext_lazy("Mark a signatory as withdrawn")
    button = gettext_lazy("Mark as withdrawn")

    def explanation(self):
        if self.object.withdrawn_at:
            return _("This signatory has already withdrawn.")
        return _(
            "%(name)s will no longer be listed as a signatory, and its figures "
            "will no longer count in the benchmark."
        ) % {"name": self.object.organisation.name}

    def cancel_url(self):
        return reverse("wagtailsnippets_diversity_signatory:list")

    def post(self, request, *args, **kwargs):
        charter_services.signatory_withdraw(signatory=self.object, user=request.user)
        messages.success(
            request,
            _("%(name)s is marked as withdrawn.")
            % {"name": self.object.organisation.name},
        )
        return redirect(self.cancel_url())


urlpatterns = [
    path("years/<int:pk>/close/", CloseYearView.as_view(), name="close_year"),
    path(
        "signatories/<int:pk>/withdraw/",
        WithdrawSignatoryView.as_view(),
        name="withdraw_signatory",
    ),
]


def listing_buttons(snippet, user, next_url=None):
    if (
        isinstance(snippet, ReportingYear)
        and snippet.locked_at is None
        and user.has_perm(MANAGE_CHARTER)
    ):
        yield ListingButton(
            _("Close year"),
            url=reverse(f"{app_name}:close_year", args=[snippet.pk]),
            icon_name="lock",
            priority=30,
        )
    if (
        isinstance(snippet, Signatory)
        and snippet.withdrawn_at is None
        and user.has_perm(CHANGE_SIGNATORY)
    ):
        yield ListingButton(
            _("Mark withdrawn"),
            url=reverse(f"{app_name}:withdraw_signatory", args=[snippet.pk]),
            icon_name="cross",
            priority=30,
        )
