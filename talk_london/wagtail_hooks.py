from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from civic.audit import register_reason_actions
from talk_london import admin_discussions
from talk_london.models import Poll
from talk_london.services import discussions as discussion_services
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
    items = (SurveyViewSet, PollViewSet, admin_discussions.TopicViewSet)


register_snippet(TalkLondonViewSetGroup)


# --- Discussions: pre-moderation queue and audit log ------------------------


@hooks.register("register_admin_urls")
def register_discussion_admin_urls():
    return [
        path(
            "talk-london/pending-posts/",
            include(
                (admin_discussions.urlpatterns, admin_discussions.app_name),
                namespace="talk_london_discussions",
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_pending_posts_menu_item():
    return admin_discussions.PendingPostsMenuItem(
        _("Pending posts"),
        reverse("talk_london_discussions:pending_posts"),
        name="talk-london-pending-posts",
        icon_name="comment",
        order=251,
    )


@hooks.register("register_log_actions")
def register_discussion_log_actions(actions):
    register_reason_actions(
        actions,
        {
            discussion_services.APPROVE: (
                _("Discussions: approve post"),
                _("Post approved by a moderator"),
            ),
            discussion_services.REJECT: (
                _("Discussions: reject post"),
                _("Post rejected by a moderator"),
            ),
            discussion_services.PIN: (
                _("Discussions: pin or unpin thread"),
                _("Thread pinned or unpinned"),
            ),
            discussion_services.LOCK: (
                _("Discussions: lock or unlock thread"),
                _("Thread locked or unlocked"),
            ),
            discussion_services.CLOSE_TOPIC: (
                _("Discussions: close or reopen topic"),
                _("Topic closed or reopened"),
            ),
        },
    )
