from django.urls import path

from . import views

app_name = "diversity"

urlpatterns = [
    path("", views.index, name="index"),
]
