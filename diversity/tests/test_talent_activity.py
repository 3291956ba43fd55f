import io

import pytest

from diversity.models import ProgrammeTarget
from diversity.setup_programme import seed_programme_targets
from diversity.setup_talent import application_activity
from diversity.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_your_activity_lists_only_your_applications(resident, other_resident):
    mine = ApplicationFactory(applicant=resident, cohort__course__title="Mine")
    ApplicationFactory(applicant=other_resident)
    items = application_activity(resident, 10)
    assert [item.title for item in items] == ["Applied for Mine"]
    assert str(mine.public_id) in items[0].url
    assert items[0].status == "Received"


def test_demo_targets_are_idempotent():
    seed_programme_targets(io.StringIO())
    seed_programme_targets(io.StringIO())
    assert ProgrammeTarget.objects.count() == 2
