"""The survey builder and results in the Wagtail admin."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet

from talk_london import admin_surveys
from talk_london.forms.surveys import SurveyAdminForm
from talk_london.models.surveys import Survey
from talk_london.services.surveys import survey_sync_structure


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "list-ol"
    menu_label = _("Surveys")
    list_display = ["title", "opens_at", "closes_at", "audience"]
    list_filter = ["audience"]
    search_fields = ["title"]
    edit_handler = ObjectList(Survey.panels, base_form_class=SurveyAdminForm)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def sync_survey_structure(request, instance):
    if isinstance(instance, Survey):
        survey_sync_structure(survey=instance)


@hooks.register("register_admin_urls")
def register_survey_results_urls():
    return [
        path(
            "talk-london/surveys/",
            include(
                (admin_surveys.urlpatterns, admin_surveys.app_name),
                namespace="talk_london_surveys",
            ),
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def survey_results_button(snippet, user, next_url=None):
    if isinstance(snippet, Survey) and user.has_perm(admin_surveys.RESULTS_PERMISSION):
        yield ListingButton(
            _("Results"),
            reverse("talk_london_surveys:results", args=[snippet.pk]),
            priority=5,
        )
