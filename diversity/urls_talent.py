"""The public course finder and young people's applications."""

from django.urls import path

from .views import public
from .views.placeholder import not_built_yet

urlpatterns = [
    path("", public.index, name="index"),
    path("courses/", not_built_yet, name="course_list"),
    path("courses/<slug:slug>/", not_built_yet, name="course_detail"),
    path(
        "courses/<slug:slug>/cohorts/<int:cohort>/apply/",
        not_built_yet,
        name="apply_start",
    ),
    path("your-applications/", not_built_yet, name="my_applications"),
    path(
        "your-applications/<uuid:public_id>/",
        not_built_yet,
        name="my_application",
    ),
]
