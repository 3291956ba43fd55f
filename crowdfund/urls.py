"""Crowdfund London's addresses, one module per area of the app."""

from . import urls_pledges, urls_projects, urls_public

app_name = "crowdfund"

urlpatterns = [
    *urls_public.urlpatterns,
    *urls_projects.urlpatterns,
    *urls_pledges.urlpatterns,
]
