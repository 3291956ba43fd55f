"""Get online (digital inclusion): addresses, one module per area."""

from . import urls_borrowing, urls_loans, urls_places, urls_training

app_name = "inclusion"

urlpatterns = [
    *urls_places.urlpatterns,
    *urls_borrowing.urlpatterns,
    *urls_loans.urlpatterns,
    *urls_training.urlpatterns,
]
