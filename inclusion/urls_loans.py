"""Staff lending desk: waiting lists, allocation, loans, wipes, reminders."""

from django.urls import path

from .views import devices, loans, site_dashboard

urlpatterns = [
    path(
        "staff/sites/<slug:slug>/",
        site_dashboard.site_dashboard,
        name="site_dashboard",
    ),
    path(
        "staff/sites/<slug:slug>/waiting-list/",
        site_dashboard.waiting_list,
        name="waiting_list",
    ),
    path(
        "staff/sites/<slug:slug>/loans/<str:show>/",
        site_dashboard.site_loans,
        name="site_loans",
    ),
    path(
        "staff/sites/<slug:slug>/devices/<str:status>/",
        site_dashboard.site_devices,
        name="site_devices",
    ),
    path("staff/overdue/", loans.overdue_list, name="overdue_list"),
    path("staff/letters/", loans.letters, name="letters"),
    path("staff/letters/<int:pk>/", loans.letter_print, name="letter_print"),
    path(
        "staff/letters/<int:pk>/posted/",
        loans.letter_mark_posted_view,
        name="letter_mark_posted",
    ),
    path("staff/requests/<uuid:public_id>/allocate/", loans.allocate, name="allocate"),
    path("staff/loans/<uuid:public_id>/", loans.loan_detail, name="loan_detail"),
    path("staff/loans/<uuid:public_id>/collect/", loans.collect, name="loan_collect"),
    path("staff/loans/<uuid:public_id>/extend/", loans.extend, name="loan_extend"),
    path(
        "staff/loans/<uuid:public_id>/return/",
        loans.record_return,
        name="loan_return",
    ),
    path(
        "staff/loans/<uuid:public_id>/cancel/",
        loans.cancel_reservation,
        name="loan_cancel",
    ),
    path(
        "staff/loans/<uuid:public_id>/letter/",
        loans.collection_letter,
        name="collection_letter",
    ),
    path(
        "staff/devices/<str:asset_tag>/",
        devices.device_detail,
        name="device_detail",
    ),
    path(
        "staff/devices/<str:asset_tag>/report/",
        devices.device_incident,
        name="device_incident",
    ),
]
