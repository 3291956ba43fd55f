from django.urls import path

from . import views
from .views import about_you, membership, polls, representativeness

app_name = "talk_london"

urlpatterns = [
    path("", views.index, name="index"),
    path("join/", membership.join, name="join"),
    path("leave/", membership.leave, name="leave"),
    path("about-you/", about_you.start, name="about_you_start"),
    path("about-you/check-your-answers/", about_you.check, name="about_you_check"),
    path("about-you/confirmed/", about_you.done, name="about_you_done"),
    path("about-you/delete/", about_you.delete, name="about_you_delete"),
    path("about-you/<slug:slug>/", about_you.question, name="about_you_question"),
    path(
        "representativeness/",
        representativeness.dashboard,
        name="representativeness",
    ),
    path("polls/<slug:slug>/", polls.poll_detail, name="poll_detail"),
]

from .views import surveys as survey_views  # noqa: E402

urlpatterns += [
    path("surveys/", survey_views.survey_list, name="survey_list"),
    path("surveys/<slug:slug>/", survey_views.survey_start, name="survey_start"),
    path("surveys/<slug:slug>/begin/", survey_views.survey_begin, name="survey_begin"),
    path(
        "surveys/<slug:slug>/questions/<int:question_pk>/",
        survey_views.survey_question,
        name="survey_question",
    ),
    path("surveys/<slug:slug>/check/", survey_views.survey_check, name="survey_check"),
    path("surveys/<slug:slug>/sent/", survey_views.survey_done, name="survey_done"),
    path(
        "surveys/<slug:slug>/what-you-told-us/",
        survey_views.survey_published_results,
        name="survey_published_results",
    ),
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
