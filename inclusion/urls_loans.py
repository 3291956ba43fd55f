"""Staff lending desk: waiting lists, allocation, loans, wipes, reminders."""

from django.urls import path

from .views.placeholder import not_built_yet

urlpatterns = [
    path("staff/sites/<slug:slug>/", not_built_yet, name="site_dashboard"),
    path("staff/sites/<slug:slug>/waiting-list/", not_built_yet, name="waiting_list"),
    path("staff/overdue/", not_built_yet, name="overdue_list"),
    path("staff/letters/", not_built_yet, name="letters"),
    path("staff/requests/<uuid:public_id>/allocate/", not_built_yet, name="allocate"),
    path("staff/loans/<uuid:public_id>/", not_built_yet, name="loan_detail"),
    path("staff/devices/<str:asset_tag>/", not_built_yet, name="device_detail"),
]
