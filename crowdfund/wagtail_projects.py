"""Funding rounds, themes and project review in the Wagtail admin.

``CrowdfundViewSetGroup`` is the "Crowdfund London" menu. Other areas add
their viewsets to its ``items`` when their module is imported;
``crowdfund.wagtail_hooks`` registers the group once every area has done so.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from civic.audit import register_reason_actions
from crowdfund import admin_review
from crowdfund.forms.projects_admin import FundingRoundAdminForm
from crowdfund.models import FundingRound, Theme
from crowdfund.services import projects as project_services


class FundingRoundViewSet(SnippetViewSet):
    model = FundingRound
    icon = "date"
    menu_label = _("Funding rounds")
    list_display = ["name", "ideas_open_at", "ideas_close_at", "campaigns_close_at"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            MultiFieldPanel(
                [FieldPanel("ideas_open_at"), FieldPanel("ideas_close_at")],
                heading=_("Ideas"),
            ),
            MultiFieldPanel(
                [FieldPanel("campaigns_open_at"), FieldPanel("campaigns_close_at")],
                heading=_("Campaigns"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("budget_pence"),
                    FieldPanel("max_pledge_per_project_pence"),
                    FieldPanel("max_share_percent"),
                    FieldPanel("platform_fee_percent"),
                ],
                heading=_("Money"),
            ),
            FieldPanel("eligibility"),
            FieldPanel("themes"),
        ],
        base_form_class=FundingRoundAdminForm,
    )


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


class CrowdfundViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Crowdfund London")
    menu_icon = "pick"
    menu_name = "crowdfund"
    menu_order = 310
    # Extended by other areas (City Hall pledges) before registration.
    items = (FundingRoundViewSet, ThemeViewSet)


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path(
            "crowdfund/reviews/",
            include(
                (admin_review.urlpatterns, admin_review.app_name),
                namespace="crowdfund_review",
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return admin_review.ReviewMenuItem(
        _("Projects to review"),
        reverse("crowdfund_review:queue"),
        name="crowdfund-reviews",
        icon_name="tasks",
        order=311,
    )


@hooks.register("register_log_actions")
def register_project_log_actions(actions):
    register_reason_actions(actions, project_services.LOG_ACTIONS)
