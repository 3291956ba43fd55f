from django.urls import path

from . import views

app_name = "talk_london"

urlpatterns = [
    path("", views.index, name="index"),
]
