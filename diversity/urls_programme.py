"""Programme managers' dashboard (staff, two-factor: CIVIC_STAFF_AREAS)."""

from django.urls import path

from .views.placeholder import not_built_yet

urlpatterns = [
    path("programme/", not_built_yet, name="programme_dashboard"),
    path("programme/dashboard.csv", not_built_yet, name="programme_csv"),
]
