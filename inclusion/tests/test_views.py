import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_index_is_public_and_cheap(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("inclusion:index"))
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Get online</h1>' in response.content.decode()
