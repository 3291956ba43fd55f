from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from talk_london.models import Poll
from talk_london.wagtail_surveys import SurveyViewSet


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Polls")
    list_display = ["question", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["question"]


class TalkLondonViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Talk London")
    menu_icon = "group"
    menu_name = "talk-london"
    menu_order = 300
    items = (SurveyViewSet, PollViewSet)


register_snippet(TalkLondonViewSetGroup)
