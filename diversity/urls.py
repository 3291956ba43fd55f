"""Tech talent (diversity in tech): addresses, one module per area."""

from . import urls_charter, urls_programme, urls_provider, urls_talent

app_name = "diversity"

urlpatterns = [
    *urls_talent.urlpatterns,
    *urls_provider.urlpatterns,
    *urls_programme.urlpatterns,
    *urls_charter.urlpatterns,
]
