from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from talk_london.wagtail_surveys import SurveyViewSet


class TalkLondonViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Talk London")
    menu_icon = "group"
    menu_name = "talk-london"
    items = (SurveyViewSet,)


register_snippet(TalkLondonViewSetGroup)
