"""The Civic Innovation Challenge's addresses, one module per area."""

from . import urls_applications, urls_assessment, urls_topics

app_name = "challenges"

urlpatterns = [
    *urls_topics.urlpatterns,
    *urls_applications.urlpatterns,
    *urls_assessment.urlpatterns,
]
