import pytest

from challenges.setup_challenges import application_activity
from challenges.tests.factories import ApplicationFactory
from civic.registry import registry

pytestmark = pytest.mark.django_db


def test_activity_lists_the_applications_of_the_persons_startups(
    submitted_application, startup_member, other_startup_member
):
    ApplicationFactory()
    items = application_activity(startup_member, 10)
    assert len(items) == 1
    assert submitted_application.challenge.title in items[0].title
    assert items[0].status == "Submitted"
    assert str(submitted_application.public_id) in items[0].url
    assert application_activity(other_startup_member, 10) == []


def test_activity_is_registered_with_civic():
    assert "Civic Innovation Challenge applications" in registry.activity_providers


def test_activity_page_shows_it(client, submitted_application, startup_member):
    from django.urls import reverse

    client.force_login(startup_member)
    page = client.get(reverse("civic:activity")).content.decode()
    assert submitted_application.challenge.title in page
