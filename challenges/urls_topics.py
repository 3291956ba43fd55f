from django.urls import path

from .views import placeholder, public

urlpatterns = [
    path("", public.index, name="index"),
    # Built by the public-involvement area:
    path("future-challenges/", placeholder.not_built_yet, name="topics"),
    path("future-challenges/<int:pk>/", placeholder.not_built_yet, name="topic_detail"),
]
