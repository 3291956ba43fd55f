from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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


class _DiscussionFormatter(LogFormatter):
    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason") or ""


@hooks.register("register_log_actions")
def register_discussion_log_actions(actions):
    @actions.register_action(discussion_services.APPROVE)
    class ApproveFormatter(_DiscussionFormatter):
        label = _("Discussions: approve post")
        message = _("Post approved by a moderator")

    @actions.register_action(discussion_services.REJECT)
    class RejectFormatter(_DiscussionFormatter):
        label = _("Discussions: reject post")
        message = _("Post rejected by a moderator")

    @actions.register_action(discussion_services.PIN)
    class PinFormatter(_DiscussionFormatter):
        label = _("Discussions: pin or unpin thread")
        message = _("Thread pinned or unpinned")

    @actions.register_action(discussion_services.LOCK)
    class LockFormatter(_DiscussionFormatter):
        label = _("Discussions: lock or unlock thread")
        message = _("Thread locked or unlocked")

    @actions.register_action(discussion_services.CLOSE_TOPIC)
    class CloseFormatter(_DiscussionFormatter):
        label = _("Discussions: close or reopen topic")
        message = _("Topic closed or reopened")
