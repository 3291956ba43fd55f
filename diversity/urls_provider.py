"""The provider portal: courses, cohorts, applicants, completion, outcomes."""

from django.urls import path

from .views import provider as views

_course = "provider/<slug:org>/courses/<slug:slug>/"
_applicant = "provider/<slug:org>/applicants/<uuid:public_id>/"

urlpatterns = [
    path("provider/", views.provider_home, name="provider_home"),
    path("provider/<slug:org>/", views.provider_dashboard, name="provider_dashboard"),
    path("provider/<slug:org>/courses/new/", views.course_create, name="course_create"),
    path(
        "provider/<slug:org>/courses/new/where/",
        views.course_create_location,
        name="course_create_location",
    ),
    path(_course, views.provider_course, name="provider_course"),
    path(_course + "details/", views.course_details, name="course_details"),
    path(_course + "where/", views.course_location, name="course_location"),
    path(_course + "partners/", views.course_partners, name="course_partners"),
    path(
        _course + "partners/<int:pk>/remove/",
        views.partner_remove,
        name="partner_remove",
    ),
    path(_course + "jobs/", views.course_jobs, name="course_jobs"),
    path(_course + "start-dates/", views.course_cohorts, name="course_cohorts"),
    path(
        _course + "start-dates/<int:pk>/places/",
        views.cohort_places,
        name="cohort_places",
    ),
    path(
        _course + "start-dates/<int:pk>/remove/",
        views.cohort_remove,
        name="cohort_remove",
    ),
    path(_course + "publish/", views.course_publish, name="course_publish"),
    path(_course + "withdraw/", views.course_withdraw, name="course_withdraw"),
    path(
        "provider/<slug:org>/start-dates/<int:pk>/applicants/",
        views.cohort_applicants,
        name="cohort_applicants",
    ),
    path(_applicant, views.provider_application, name="provider_application"),
    path(
        _applicant + "release/", views.application_release, name="application_release"
    ),
    path(
        _applicant + "completion/",
        views.application_completion,
        name="application_completion",
    ),
    path(
        _applicant + "outcomes/<int:months>/",
        views.application_outcome,
        name="application_outcome",
    ),
]
