from django.urls import path

from .views import placeholder

urlpatterns = [
    # Built by the challenges-and-applications area:
    path("challenges/", placeholder.not_built_yet, name="challenge_list"),
    path("challenges/<slug:slug>/", placeholder.not_built_yet, name="challenge_detail"),
    path("applications/", placeholder.not_built_yet, name="my_applications"),
    path(
        "applications/<uuid:public_id>/",
        placeholder.not_built_yet,
        name="application",
    ),
    path(
        "files/<uuid:public_id>/",
        placeholder.not_built_yet,
        name="attachment_download",
    ),
]
