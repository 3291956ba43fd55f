from django.urls import path

from . import views

app_name = "inclusion"

urlpatterns = [
    path("", views.index, name="index"),
]
