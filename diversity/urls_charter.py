"""The Tech Talent Charter: signing, annual figures, benchmark, open data."""

from django.urls import path

from .views import charter

urlpatterns = [
    path("charter/", charter.charter_home, name="charter_home"),
    path("charter/signatories/", charter.signatory_list, name="signatory_list"),
    path("charter/benchmark/<int:year>/", charter.benchmark, name="benchmark"),
    path("charter/sign/", charter.charter_sign, name="charter_sign"),
    path(
        "charter/sign/<slug:org>/check/",
        charter.charter_sign_check,
        name="charter_sign_check",
    ),
    path(
        "charter/sign/<slug:org>/signed/",
        charter.charter_sign_done,
        name="charter_sign_done",
    ),
    path(
        "charter/sign/<slug:org>/<slug:step>/",
        charter.charter_sign_step,
        name="charter_sign_step",
    ),
    path(
        "charter/organisations/<slug:org>/",
        charter.signatory_dashboard,
        name="signatory_dashboard",
    ),
    path(
        "charter/organisations/<slug:org>/figures/<int:year>/",
        charter.submission_edit,
        name="submission_edit",
    ),
    path(
        "charter/open-data/<int:year>.csv",
        charter.open_data_csv,
        name="open_data_csv",
    ),
    path(
        "charter/open-data/<int:year>.json",
        charter.open_data_json,
        name="open_data_json",
    ),
]
