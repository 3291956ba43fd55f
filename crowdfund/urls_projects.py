from django.urls import path

from .views import placeholder

urlpatterns = [
    # Built by the projects area:
    path("start/", placeholder.not_built_yet, name="project_start"),
    path("your-projects/", placeholder.not_built_yet, name="my_projects"),
    path(
        "projects/<slug:slug>/needs/<int:need_pk>/offer/",
        placeholder.not_built_yet,
        name="need_offer",
    ),
]
