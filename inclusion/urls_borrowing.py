"""Applying to borrow (online and assisted), residents' records, "your loan"."""

from django.urls import path

from .views.placeholder import not_built_yet

urlpatterns = [
    path("borrow/<slug:scheme>/", not_built_yet, name="apply_start"),
    path("your-loan/", not_built_yet, name="my_programme"),
    path("your-details/", not_built_yet, name="your_details"),
    path("staff/", not_built_yet, name="staff_home"),
    path("staff/residents/", not_built_yet, name="participant_search"),
    path("staff/residents/new/", not_built_yet, name="participant_create"),
    path(
        "staff/residents/<uuid:public_id>/",
        not_built_yet,
        name="participant_detail",
    ),
    path(
        "staff/residents/<uuid:public_id>/apply/<slug:scheme>/",
        not_built_yet,
        name="assisted_apply",
    ),
]
