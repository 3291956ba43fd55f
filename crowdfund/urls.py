from django.urls import path

from . import views

app_name = "crowdfund"

urlpatterns = [
    path("", views.index, name="index"),
]
