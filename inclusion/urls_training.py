"""Skills training (courses, sessions, bookings, attendance) and evaluation."""

from django.urls import path

from .views.placeholder import not_built_yet

urlpatterns = [
    path("courses/", not_built_yet, name="course_list"),
    path("courses/<slug:slug>/", not_built_yet, name="course_detail"),
    path("sessions/<int:pk>/", not_built_yet, name="session_detail"),
    path(
        "your-loan/<uuid:public_id>/confidence/<str:stage>/",
        not_built_yet,
        name="confidence_online",
    ),
    path("your-training/", not_built_yet, name="my_training"),
    path("staff/sessions/", not_built_yet, name="staff_session_list"),
    path("staff/sessions/<int:pk>/", not_built_yet, name="session_register"),
    path(
        "staff/residents/<uuid:public_id>/confidence/<str:stage>/",
        not_built_yet,
        name="confidence_paper",
    ),
    path("staff/evaluation/", not_built_yet, name="evaluation"),
    path("staff/evaluation.csv", not_built_yet, name="evaluation_csv"),
]
