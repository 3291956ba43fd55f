"""The survey builder in the Wagtail admin."""

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from talk_london.forms.surveys import SurveyAdminForm
from talk_london.models.surveys import Survey
from talk_london.services.surveys import survey_sync_structure


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "list-ol"
    menu_label = "Surveys"
    list_display = ["title", "opens_at", "closes_at", "audience"]
    list_filter = ["audience"]
    search_fields = ["title"]
    edit_handler = ObjectList(Survey.panels, base_form_class=SurveyAdminForm)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def sync_survey_structure(request, instance):
    if isinstance(instance, Survey):
        survey_sync_structure(survey=instance)
