from django.urls import path

from .views import placeholder, public

urlpatterns = [
    path("", public.index, name="index"),
    # Built by the public-pages area:
    path("projects/", placeholder.not_built_yet, name="browse"),
    path("projects/<slug:slug>/", placeholder.not_built_yet, name="project_detail"),
]
