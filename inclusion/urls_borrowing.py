"""Applying to borrow (online and assisted), residents' records, "your loan"."""

from django.urls import path

from .views import borrowing, participants, staff_home

_apply = "borrow/<slug:scheme>/"

urlpatterns = [
    path(_apply, borrowing.apply_start, name="apply_start"),
    path(f"{_apply}where-you-live/", borrowing.apply_where, name="apply_where"),
    path(f"{_apply}date-of-birth/", borrowing.apply_dob, name="apply_dob"),
    path(
        f"{_apply}your-circumstances/",
        borrowing.apply_circumstances,
        name="apply_circumstances",
    ),
    path(
        f"{_apply}not-eligible/",
        borrowing.apply_not_eligible,
        name="apply_not_eligible",
    ),
    path(f"{_apply}collect-from/", borrowing.apply_site, name="apply_site"),
    path(f"{_apply}contact-details/", borrowing.apply_contact, name="apply_contact"),
    path(f"{_apply}consent/", borrowing.apply_consent, name="apply_consent"),
    path(f"{_apply}check-your-answers/", borrowing.apply_check, name="apply_check"),
    path("your-loan/", borrowing.my_programme, name="my_programme"),
    path(
        "your-loan/requests/<uuid:public_id>/",
        borrowing.apply_done,
        name="apply_done",
    ),
    path(
        "your-loan/requests/<uuid:public_id>/leave/",
        borrowing.request_withdraw,
        name="request_withdraw",
    ),
    path("your-details/", participants.your_details, name="your_details"),
    path("staff/", staff_home.staff_home, name="staff_home"),
    path(
        "staff/residents/", participants.participant_search, name="participant_search"
    ),
    path(
        "staff/residents/new/",
        participants.participant_create,
        name="participant_create",
    ),
    path(
        "staff/residents/<uuid:public_id>/",
        participants.participant_detail,
        name="participant_detail",
    ),
    path(
        "staff/residents/<uuid:public_id>/edit/",
        participants.participant_edit,
        name="participant_edit",
    ),
    path(
        "staff/residents/<uuid:public_id>/data/",
        participants.participant_data,
        name="participant_data",
    ),
    path(
        "staff/residents/<uuid:public_id>/erase/",
        participants.participant_erase_view,
        name="participant_erase",
    ),
    path(
        "staff/residents/<uuid:public_id>/requests/<uuid:request_id>/leave/",
        participants.staff_request_withdraw,
        name="staff_request_withdraw",
    ),
    path(
        "staff/residents/<uuid:public_id>/apply/<slug:scheme>/",
        participants.assisted_apply,
        name="assisted_apply",
    ),
]
