"""Programme managers' dashboard (staff, two-factor: CIVIC_STAFF_AREAS)."""

from django.urls import path

from .views import programme

urlpatterns = [
    path(
        "programme/",
        programme.programme_dashboard_view,
        name="programme_dashboard",
    ),
    path("programme/dashboard.csv", programme.programme_csv, name="programme_csv"),
]
