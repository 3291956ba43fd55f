from django.urls import path

from .views import applications, challenges, open_data

urlpatterns = [
    path("challenges/", challenges.challenge_list, name="challenge_list"),
    path(
        "challenges/<slug:slug>/", challenges.challenge_detail, name="challenge_detail"
    ),
    path(
        "challenges/<slug:slug>/apply/",
        applications.application_start,
        name="application_start",
    ),
    path("applications/", applications.my_applications, name="my_applications"),
    path(
        "applications/<uuid:public_id>/",
        applications.application,
        name="application",
    ),
    path(
        "applications/<uuid:public_id>/check/",
        applications.application_check,
        name="application_check",
    ),
    path(
        "applications/<uuid:public_id>/submitted/",
        applications.application_submitted,
        name="application_submitted",
    ),
    path(
        "applications/<uuid:public_id>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<uuid:public_id>/files/",
        applications.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "applications/<uuid:public_id>/<slug:section>/",
        applications.application_section,
        name="application_section",
    ),
    path(
        "files/<uuid:public_id>/",
        applications.attachment_download,
        name="attachment_download",
    ),
    path(
        "files/<uuid:public_id>/delete/",
        applications.attachment_remove,
        name="attachment_delete",
    ),
    path("open-data/", open_data.open_data, name="open_data"),
    path("open-data/challenges.json", open_data.open_data_json, name="open_data_json"),
    path("open-data/<slug:dataset>.csv", open_data.open_data_csv, name="open_data_csv"),
]
