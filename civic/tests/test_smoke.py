import pytest

from civic.models import Borough

pytestmark = pytest.mark.django_db


def test_boroughs_are_the_33_london_authorities():
    assert Borough.objects.count() == 33
    assert Borough.objects.get(gss_code="E09000023").name == "Lewisham"
