from django.urls import path

from .views import placeholder

urlpatterns = [
    # Built by the pledges area:
    path(
        "projects/<slug:slug>/pledge/", placeholder.not_built_yet, name="pledge_start"
    ),
    path("your-pledges/", placeholder.not_built_yet, name="my_pledges"),
]
