"""What this area registers with civic and Wagtail: activity, beat, admin."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry

from challenges.activity_assessment import ACTIVITY_SECTION, assessment_activity
from challenges.models import Assignment
from challenges.services import assessment, pilots
from civic.registry import registry
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def test_assessors_activity_is_registered():
    assert registry.activity_providers[ACTIVITY_SECTION] is assessment_activity


def test_activity_lists_assignments_with_what_to_do_next(
    submitted_application, assigned_assessor, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        [item] = assessment_activity(assigned_assessor, 10)
    assert submitted_application.reference in item.title
    assert item.status == "Declare any conflict of interest"
    assert item.url == reverse(
        "challenges:assessment_declare",
        kwargs={"public_id": submitted_application.public_id},
    )
    Assignment.objects.update(has_conflict=False, submitted_at=timezone.now())
    [item] = assessment_activity(assigned_assessor, 10)
    assert item.status == "Submitted"
    assert assessment_activity(assigned_assessor, 0) == []


def test_a_conflicted_assessor_activity_does_not_link_to_the_application(
    submitted_application, conflicted_assessor
):
    [item] = assessment_activity(conflicted_assessor, 10)
    assert item.url == reverse("challenges:assessor_home")


def test_audit_log_actions_are_registered_with_their_reason():
    for action in (
        assessment.ASSIGN,
        assessment.SHORTLIST,
        assessment.NOT_SHORTLIST,
        assessment.PITCH,
        assessment.WINNER,
        assessment.NOT_SELECTED,
        pilots.START,
        pilots.APPROVE_MILESTONE,
        pilots.COMPLETE,
    ):
        assert log_registry.action_exists(action)
        assert log_registry.get_action_label(action) != action


def test_the_menu_item_shows_to_managers_only(client, challenge_manager, moderator):
    force_login_with_mfa(client, challenge_manager)
    assert (
        reverse("challenges_assessment:index") in client.get("/admin/").content.decode()
    )
    client.logout()
    force_login_with_mfa(client, moderator)
    assert (
        reverse("challenges_assessment:index")
        not in client.get("/admin/").content.decode()
    )


def test_challenge_managers_hold_the_permission(challenge_manager, assessor):
    assert challenge_manager.has_perm("challenges.manage_applications")
    assert not assessor.has_perm("challenges.manage_applications")
