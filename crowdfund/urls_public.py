from django.urls import path

from .views import open_data, public

urlpatterns = [
    path("", public.index, name="index"),
    path("projects/", public.browse, name="browse"),
    path("projects/<slug:slug>/", public.project_detail, name="project_detail"),
    path("map/", public.borough_map, name="map"),
    path("open-data/", open_data.open_data, name="open_data"),
    path("open-data/360giving.json", open_data.grants_json, name="grants_json"),
    path("open-data/360giving.csv", open_data.grants_csv, name="grants_csv"),
    path("open-data/campaigns.csv", open_data.campaigns_csv, name="campaigns_csv"),
]
