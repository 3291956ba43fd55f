"""Public places, the programme's landing page and Open Referral UK output."""

from django.urls import path

from .views import open_referral, places, public

urlpatterns = [
    path("", public.index, name="index"),
    path("places/", places.site_list, name="site_list"),
    path("places/<slug:slug>/", places.site_detail, name="site_detail"),
    path(
        "open-referral/services/",
        open_referral.service_list,
        name="oruk_service_list",
    ),
    path(
        "open-referral/services/<uuid:service_id>/",
        open_referral.service_detail,
        name="oruk_service_detail",
    ),
]
