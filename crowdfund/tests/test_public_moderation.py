"""Projects and backers' messages go through civic's report-and-hide flow."""

import pytest
from django.urls import reverse

from civic.models import Report
from civic.registry import registry
from civic.services import moderation
from crowdfund.models import Pledge, Project
from crowdfund.tests.factories import pledge_counted

pytestmark = pytest.mark.django_db


def test_projects_and_pledge_messages_are_registered_as_moderated():
    project_type = registry.moderated_type_for(Project)
    pledge_type = registry.moderated_type_for(Pledge)
    assert project_type.label == "Crowdfund project"
    assert pledge_type.label == "Pledge message of support"


def test_the_moderated_pledge_title_never_names_the_backer(live_project):
    pledge = pledge_counted(project=live_project, is_anonymous=True, message="Hi")
    pledge_type = registry.moderated_type_for(Pledge)
    title = str(pledge_type.get_title(pledge))
    assert live_project.title in title
    assert pledge.backer.display_name not in title
    assert pledge_type.get_url(pledge).endswith(f"#message-{pledge.pk}")
    assert registry.moderated_type_for(Project).get_author(live_project) == (
        live_project.created_by
    )


def test_report_and_hide_a_message_and_then_a_project(
    client, live_project, other_resident, moderator
):
    pledge = pledge_counted(project=live_project, message="Buy cheap watches")
    url = live_project.get_absolute_url()
    client.force_login(other_resident)
    response = client.post(
        reverse("civic:report", args=["crowdfund.pledge", pledge.pk]),
        {"reason": "spam", "note": ""},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.content_object == pledge

    moderation.content_hide(obj=pledge, moderator=moderator, reason="Spam")
    page = client.get(url).content.decode()
    assert "Buy cheap watches" not in page

    moderation.content_hide(obj=live_project, moderator=moderator, reason="Scam")
    assert client.get(url).status_code == 404
