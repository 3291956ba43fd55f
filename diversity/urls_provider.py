"""The provider portal: courses, cohorts, applicants, completion, outcomes."""

from django.urls import path

from .views.placeholder import not_built_yet

urlpatterns = [
    path("provider/", not_built_yet, name="provider_home"),
    path("provider/<slug:org>/", not_built_yet, name="provider_dashboard"),
    path("provider/<slug:org>/courses/new/", not_built_yet, name="course_create"),
    path(
        "provider/<slug:org>/courses/<slug:slug>/",
        not_built_yet,
        name="provider_course",
    ),
    path(
        "provider/<slug:org>/applicants/<uuid:public_id>/",
        not_built_yet,
        name="provider_application",
    ),
]
