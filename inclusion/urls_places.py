"""Public places, the programme's landing page and Open Referral UK output."""

from django.urls import path

from .views import public
from .views.placeholder import not_built_yet

urlpatterns = [
    path("", public.index, name="index"),
    path("places/", not_built_yet, name="site_list"),
    path("places/<slug:slug>/", not_built_yet, name="site_detail"),
    path("open-referral/services/", not_built_yet, name="oruk_service_list"),
    path(
        "open-referral/services/<uuid:service_id>/",
        not_built_yet,
        name="oruk_service_detail",
    ),
]
