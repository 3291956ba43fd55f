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
