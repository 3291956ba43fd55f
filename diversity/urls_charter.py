"""The Tech Talent Charter: signing, annual figures, benchmark, open data."""

from django.urls import path

from .views.placeholder import not_built_yet

urlpatterns = [
    path("charter/", not_built_yet, name="charter_home"),
    path("charter/signatories/", not_built_yet, name="signatory_list"),
    path("charter/benchmark/<int:year>/", not_built_yet, name="benchmark"),
    path("charter/sign/", not_built_yet, name="charter_sign"),
    path(
        "charter/organisations/<slug:org>/",
        not_built_yet,
        name="signatory_dashboard",
    ),
    path(
        "charter/organisations/<slug:org>/figures/<int:year>/",
        not_built_yet,
        name="submission_edit",
    ),
    path("charter/open-data/<int:year>.csv", not_built_yet, name="open_data_csv"),
    path("charter/open-data/<int:year>.json", not_built_yet, name="open_data_json"),
]
