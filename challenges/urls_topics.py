from django.urls import path

from .views import public, topics

urlpatterns = [
    path("", public.index, name="index"),
    path("future-challenges/", topics.topic_list, name="topics"),
    path("future-challenges/propose/", topics.topic_propose, name="topic_propose"),
    path("future-challenges/<int:pk>/", topics.topic_detail, name="topic_detail"),
    path(
        "future-challenges/<int:pk>/support/",
        topics.topic_support,
        name="topic_support",
    ),
    path(
        "future-challenges/<int:pk>/withdraw/",
        topics.topic_withdraw,
        name="topic_withdraw",
    ),
]
