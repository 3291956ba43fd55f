from django.urls import path

from . import views

app_name = "talk_london"

urlpatterns = [
    path("", views.index, name="index"),
]

# Discussions
from .views import discussions  # noqa: E402

urlpatterns += [
    path("discussions/", discussions.topic_list, name="topic_list"),
    path(
        "discussions/unsubscribe/<str:token>/",
        discussions.unsubscribe,
        name="discussion_unsubscribe",
    ),
    path("discussions/posts/<int:pk>/", discussions.post_link, name="post_link"),
    path(
        "discussions/posts/<int:pk>/agree/",
        discussions.post_agree,
        name="post_agree",
    ),
    path("discussions/posts/<int:pk>/edit/", discussions.post_edit, name="post_edit"),
    path(
        "discussions/posts/<int:pk>/delete/",
        discussions.post_delete,
        name="post_delete",
    ),
    path(
        "discussions/<slug:topic_slug>/",
        discussions.topic_detail,
        name="topic_detail",
    ),
    path(
        "discussions/<slug:topic_slug>/new/",
        discussions.thread_create,
        name="thread_create",
    ),
    path(
        "discussions/<slug:topic_slug>/moderate/",
        discussions.topic_moderate,
        name="topic_moderate",
    ),
    path(
        "discussions/<slug:topic_slug>/<int:thread_id>/",
        discussions.thread_detail,
        name="thread_detail",
    ),
    path(
        "discussions/<slug:topic_slug>/<int:thread_id>/reply/",
        discussions.thread_reply,
        name="thread_reply",
    ),
    path(
        "discussions/<slug:topic_slug>/<int:thread_id>/follow/",
        discussions.thread_follow,
        name="thread_follow",
    ),
    path(
        "discussions/<slug:topic_slug>/<int:thread_id>/moderate/",
        discussions.thread_moderate,
        name="thread_moderate",
    ),
]
