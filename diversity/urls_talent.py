"""The public course finder and young people's applications."""

from django.urls import path

from .views import public, talent

urlpatterns = [
    path("", public.index, name="index"),
    path("courses/", public.course_list, name="course_list"),
    path("courses/<slug:slug>/", public.course_detail, name="course_detail"),
    path(
        "courses/<slug:slug>/cohorts/<int:cohort>/apply/",
        talent.apply_start,
        name="apply_start",
    ),
    path(
        "courses/<slug:slug>/cohorts/<int:cohort>/apply/check/",
        talent.apply_check,
        name="apply_check",
    ),
    path(
        "courses/<slug:slug>/cohorts/<int:cohort>/apply/cannot-apply/",
        talent.apply_not_eligible,
        name="apply_not_eligible",
    ),
    path(
        "courses/<slug:slug>/cohorts/<int:cohort>/apply/<slug:step>/",
        talent.apply_step,
        name="apply_step",
    ),
    path("your-applications/", talent.my_applications, name="my_applications"),
    path(
        "your-applications/<uuid:public_id>/",
        talent.my_application,
        name="my_application",
    ),
    path(
        "your-applications/<uuid:public_id>/submitted/",
        talent.application_confirmation,
        name="application_confirmation",
    ),
    path(
        "your-applications/<uuid:public_id>/withdraw/",
        talent.application_withdraw,
        name="application_withdraw",
    ),
]
