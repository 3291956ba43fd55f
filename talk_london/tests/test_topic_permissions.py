"""Who may run discussion topics in the Wagtail admin."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("content_editor", True),
        ("programme_manager", True),
        ("moderator", False),
        ("resident", False),
    ],
)
def test_staff_who_run_talk_london_can_create_topics(request, persona, allowed):
    user = request.getfixturevalue(persona)

    assert user.has_perm("talk_london.add_topic") is allowed
    assert user.has_perm("talk_london.change_topic") is allowed


def test_discussion_decisions_have_readable_audit_log_labels():
    from wagtail.log_actions import registry as log_registry

    labels = {action: str(label) for action, label in log_registry.get_choices()}

    assert labels["talk_london.post.approve"] == "Discussions: approve post"
