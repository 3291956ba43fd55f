import pytest

from civic.registry import registry
from crowdfund.models import ProjectUpdate
from crowdfund.setup_projects import ACTIVITY_SECTION
from crowdfund.tests.factories import ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db


def test_my_projects_are_in_my_activity_newest_first(
    resident, draft_project, django_assert_num_queries
):
    ProjectFactory()  # not mine
    newer = ProjectFactory(created_by=resident, title="Newer")
    provider = registry.activity_providers[ACTIVITY_SECTION]
    with django_assert_num_queries(1):
        items = list(provider(resident, limit=5))
    assert [item.title for item in items] == [
        "On the team of “Newer”",
        f"On the team of “{draft_project.title}”",
    ]
    assert items[0].url == f"/crowdfund/your-projects/{newer.slug}/"
    assert items[0].status == "Draft"
    assert list(provider(resident, limit=1))[0].title == "On the team of “Newer”"
    assert list(provider(resident, limit=0)) == []


def test_project_updates_can_be_reported_to_moderators(db):
    moderated = registry.moderated_type_for(ProjectUpdate)
    update = ProjectUpdateFactory()
    assert moderated.get_title(update) == update.title
    assert moderated.get_author(update) == update.project.created_by
    assert moderated.get_url(update).endswith(f"#update-{update.pk}")
