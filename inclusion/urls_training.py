"""Skills training (courses, sessions, bookings, attendance) and evaluation."""

from django.urls import path

from .views import evaluation, training

urlpatterns = [
    path("courses/", training.course_list, name="course_list"),
    path("courses/<slug:slug>/", training.course_detail, name="course_detail"),
    path("sessions/<int:pk>/", training.session_detail, name="session_detail"),
    path("sessions/<int:pk>/book/", training.session_book, name="session_book"),
    path(
        "your-loan/<uuid:public_id>/confidence/<str:stage>/",
        training.confidence_online,
        name="confidence_online",
    ),
    path("your-training/", training.my_training, name="my_training"),
    path(
        "your-training/<int:pk>/cancel/",
        training.booking_cancel_view,
        name="booking_cancel",
    ),
    path("staff/sessions/", training.staff_session_list, name="staff_session_list"),
    path(
        "staff/sessions/<int:pk>/", training.session_register, name="session_register"
    ),
    path("staff/sessions/<int:pk>/book/", training.staff_book, name="staff_book"),
    path(
        "staff/sessions/<int:pk>/attendance/<int:booking_pk>/",
        training.attendance_view,
        name="attendance_record",
    ),
    path(
        "staff/residents/<uuid:public_id>/confidence/<str:stage>/",
        training.confidence_paper,
        name="confidence_paper",
    ),
    path("staff/evaluation/", evaluation.evaluation, name="evaluation"),
    path("staff/evaluation.csv", evaluation.evaluation_csv, name="evaluation_csv"),
]
