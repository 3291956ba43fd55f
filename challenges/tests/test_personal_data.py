"""The Civic Innovation Challenge's part of "Download my data" and "Delete my
account": a person who applied, assessed, proposed and supported topics and
acted as staff; after erase and deleting the user, nothing names them, and
what belongs to others (the startup's application, the panel's scores, a
closed round's result) is unchanged."""

import datetime
import json
import os

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from challenges import personal_data
from challenges.models import (
    Application,
    Assignment,
    Attachment,
    MentoringSession,
    ProgressReport,
    Score,
    Support,
    Topic,
    VotingRound,
)
from challenges.selectors_assessment import application_summary
from challenges.services.assessment import assignment_create
from challenges.services.topics import supports_by_borough
from challenges.tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    ChallengeFactory,
    MilestoneFactory,
    PilotFactory,
    SubmittedApplicationFactory,
    SupportFactory,
    TopicFactory,
    VotingRoundFactory,
)
from civic import groups
from civic.models import Organisation
from civic.registry import registry
from civic.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    borough,
)
from tests.data_rights import find_in_database, personal_strings
from tests.fixtures import force_login_with_mfa

NAME = "Jo Bloggs-Smith"
EMAIL = "jo.bloggs@example.com"


def _submit(assignment, scores, comment="Sound plan."):
    for criterion, score in zip(
        assignment.application.challenge.criteria.all(), scores, strict=True
    ):
        Score.objects.create(
            assignment=assignment, criterion=criterion, score=score, comment=comment
        )
    assignment.has_conflict = False
    assignment.submitted_at = timezone.now()
    assignment.save()


@pytest.fixture
def world(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    person = UserFactory(email=EMAIL, display_name=NAME, borough=borough("Hackney"))
    other = UserFactory(email="omar@example.com", display_name="Omar Other")
    manager = UserFactory(email="manager@example.com", display_name="Mo Manager")
    startup = OrganisationFactory(
        name="Neighbourly Ltd", type=Organisation.Type.STARTUP
    )
    MembershipFactory(organisation=startup, user=person)
    MembershipFactory(organisation=startup, user=other)
    challenge = ChallengeFactory()

    # An application the person started for their startup.
    application = SubmittedApplicationFactory(
        challenge=challenge,
        organisation=startup,
        created_by=person,
        team_description=f"Led by {NAME} ({EMAIL}) with two volunteers.",
    )
    attachment = Attachment(
        application=application,
        kind=Attachment.Kind.PITCH_DECK,
        original_name=f"{NAME} pitch deck.pdf",
        size_bytes=4,
        uploaded_by=person,
    )
    attachment.file.save("deck.pdf", ContentFile(b"%PDF"), save=False)
    attachment.save()
    draft = ApplicationFactory(created_by=person, organisation=startup)
    # Somebody else's application, which the person assessed, with a second
    # assessor: the panel's record.
    rival = SubmittedApplicationFactory(challenge=challenge, created_by=other)
    theirs = AssignmentFactory(application=rival, assessor=person, assigned_by=manager)
    _submit(theirs, [5, 4, 3, 3, 2], comment=f"{NAME}: strong team.")
    second = AssignmentFactory(application=rival, assessor=other, assigned_by=manager)
    _submit(second, [3, 3, 3, 3, 3])
    # An assessment never finished, and a declared conflict.
    AssignmentFactory(assessor=person, assigned_by=manager)
    conflict = AssignmentFactory(
        assessor=person,
        assigned_by=manager,
        has_conflict=True,
        conflict_details="My sister founded it.",
        declared_at=timezone.now(),
    )
    # The person as staff: a decision, an assignment, an approval, a log.
    decided = SubmittedApplicationFactory(
        challenge=challenge,
        decided_by=person,
        decided_at=timezone.now(),
        status=Application.Status.SHORTLISTED,
    )
    AssignmentFactory(application=decided, assessor=other, assigned_by=person)
    pilot = PilotFactory()
    MilestoneFactory(
        pilot=pilot, approved_by=person, approved_at=timezone.now(), status="approved"
    )
    ProgressReport.objects.create(
        pilot=pilot, author=person, body=f"Report by {NAME}: 40 callers."
    )
    MentoringSession.objects.create(
        pilot=pilot,
        held_on=timezone.localdate(),
        mentor_name=NAME,
        topics="Recruitment",
        logged_by=person,
    )

    # Topics: one the person proposed in a closed round, supported by others;
    # their support in the closed round and in the open one.
    closed = VotingRoundFactory(status=VotingRound.Status.CLOSED)
    proposed = TopicFactory(
        voting_round=closed, proposed_by=person, problem=f"As {NAME} I see..."
    )
    closed_other = TopicFactory(voting_round=closed, proposed_by=other)
    for supporter in [person, other, manager]:
        SupportFactory(topic=closed_other, user=supporter)
    SupportFactory(topic=proposed, user=other)
    Topic.objects.filter(pk=closed_other.pk).update(support_count=3)
    Topic.objects.filter(pk=proposed.pk).update(support_count=1)
    open_round = VotingRoundFactory(status=VotingRound.Status.OPEN)
    open_topic = TopicFactory(voting_round=open_round, proposed_by=other)
    SupportFactory(topic=open_topic, user=person)
    SupportFactory(topic=open_topic, user=other)
    Topic.objects.filter(pk=open_topic.pk).update(support_count=2)

    return {
        "person": person,
        "other": other,
        "application": application,
        "attachment": attachment,
        "draft": draft,
        "rival": rival,
        "conflict": conflict,
        "closed": closed,
        "proposed": proposed,
        "closed_other": closed_other,
        "open_topic": open_topic,
    }


CIVIC_SECTION = "Your account"


def _delete_account(user):
    """What civic.services.privacy.account_delete does: this app's erase,
    then civic's own (emails waiting in the outbox, audit entries), then the
    user. (Not the service itself: it refuses staff accounts, and some of
    these people are assessors.)"""
    registry.personal_data[personal_data.SECTION].erase(user)
    registry.personal_data[CIVIC_SECTION].erase(user)
    user.delete()


def test_the_section_is_registered_with_a_description():
    section = registry.personal_data["Civic Innovation Challenge"]
    assert section.export is personal_data.export
    assert "assess" in str(section.description)


def test_after_deletion_nothing_names_the_person(world, challenge_manager):
    person = world["person"]
    strings = personal_strings(person, NAME)
    # Assigned through the service, which writes the audit log.
    person.groups.add(Group.objects.get(name=groups.ASSESSORS))
    assignment_create(
        application=SubmittedApplicationFactory(challenge=world["rival"].challenge),
        assessor=person,
        assigned_by=challenge_manager,
    )
    assert find_in_database(strings)

    _delete_account(person)

    assert find_in_database(strings) == []


def test_the_startups_application_stays_without_the_person(world):
    strings = personal_strings(world["person"])
    _delete_account(world["person"])

    application = Application.objects.get(pk=world["application"].pk)
    assert application.created_by is None
    assert application.organisation.name == "Neighbourly Ltd"
    assert application.reference == world["application"].reference
    assert application.team_description == (
        "Led by [removed] ([removed]) with two volunteers."
    )
    attachment = Attachment.objects.get(pk=world["attachment"].pk)
    assert attachment.uploaded_by is None
    assert attachment.original_name == "[removed] pitch deck.pdf"
    assert attachment.file.read() == b"%PDF"
    # The draft belongs to the startup too: the other member can finish it.
    assert Application.objects.filter(pk=world["draft"].pk).exists()
    assert find_in_database(strings) == []


def test_the_panels_scores_stay_without_the_assessor(world):
    rival = world["rival"]
    _criteria, before = application_summary(application=rival)

    _delete_account(world["person"])

    _criteria, after = application_summary(application=rival)
    assert after.totals == before.totals
    assert after.mean == before.mean
    kept = Assignment.objects.filter(application=rival, assessor=None).get()
    assert kept.submitted_at is not None
    assert kept.scores.first().comment == "[removed]: strong team."
    # The unfinished assessment went; the declared conflict stays, without
    # its details.
    conflict = Assignment.objects.get(pk=world["conflict"].pk)
    assert conflict.assessor is None and conflict.has_conflict
    assert conflict.conflict_details == ""
    assert Assignment.objects.filter(assessor=None).count() == 2


def test_closed_round_results_stand_and_open_round_support_is_withdrawn(world):
    closed = world["closed"]
    total_before, boroughs_before = supports_by_borough(closed)

    _delete_account(world["person"])

    assert Topic.objects.get(pk=world["closed_other"].pk).support_count == 3
    total_after, _boroughs = supports_by_borough(closed)
    assert total_after == total_before == 4
    assert Support.objects.filter(topic__voting_round=closed, user=None).count() == 1
    proposed = Topic.objects.get(pk=world["proposed"].pk)
    assert proposed.proposed_by is None and proposed.support_count == 1
    assert proposed.problem == "As [removed] I see..."
    open_topic = Topic.objects.get(pk=world["open_topic"].pk)
    assert open_topic.support_count == 1
    assert open_topic.supports.count() == 1


def test_the_moderation_panel_still_shows_after_an_assessor_left(
    world, client, challenge_manager
):
    _delete_account(world["person"])
    force_login_with_mfa(client, challenge_manager)

    response = client.get(
        reverse("challenges_assessment:panel", args=[world["rival"].challenge_id])
    )

    assert response.status_code == 200
    assert "Former assessor" in response.content.decode()


def test_export_holds_the_persons_data_and_nobody_elses(world):
    data = personal_data.export(world["person"])

    applications = data["Applications you started"]
    assert {a["reference"] for a in applications} == {
        world["application"].reference,
        "",
    }
    assert data["Files you uploaded"][0]["file name"] == f"{NAME} pitch deck.pdf"
    assessed = data["Applications you assessed"]
    assert len(assessed) == 3
    submitted = next(a for a in assessed if a["submitted"])
    assert [s["score"] for s in submitted["scores"]] == [5, 4, 3, 3, 2]
    assert any(a["conflict details"] == "My sister founded it." for a in assessed)
    assert [t["topic"] for t in data["Topics you proposed"]] == [
        world["proposed"].title
    ]
    assert len(data["Topics you support"]) == 2
    assert data["Progress reports you wrote"][0]["report"].startswith("Report by")
    assert data["Mentoring sessions you logged"][0]["mentor"] == NAME
    kinds = [d["decision"] for d in data["Decisions you recorded as staff"]]
    assert sorted(kinds) == ["Approved", "Assessor assigned", "Shortlisted"]
    text = json.dumps(data)  # and it is JSON
    assert "omar@example.com" not in text and "Omar Other" not in text


def test_export_of_someone_with_no_activity_is_empty_lists(db):
    data = personal_data.export(UserFactory())
    assert all(rows == [] for rows in data.values())


def test_erase_for_someone_with_no_activity_does_nothing(world):
    before = Application.objects.count(), Score.objects.count()
    stranger = UserFactory()
    _delete_account(stranger)
    assert (Application.objects.count(), Score.objects.count()) == before


# --- Retention: drafts that can never be submitted -----------------------------


def _application(deadline_days_ago: int, **kwargs):
    challenge = ChallengeFactory(
        application_deadline=timezone.now() - datetime.timedelta(days=deadline_days_ago)
    )
    return ApplicationFactory(challenge=challenge, **kwargs)


def test_drafts_go_once_the_challenge_closed_long_enough_ago(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.CIVIC_RETENTION_DAYS = {
        **settings.CIVIC_RETENTION_DAYS,
        "challenge_drafts": 30,
    }
    old_draft = _application(31)
    recent_draft = _application(29)
    open_draft = _application(-10)
    submitted = _application(
        400,
        status=Application.Status.SUBMITTED,
        reference="CIC-2025-0001",
        submitted_at=timezone.now(),
    )

    assert personal_data.purge_drafts(timezone.now()) == 1
    assert personal_data.purge_drafts(timezone.now()) == 0

    remaining = set(Application.objects.values_list("pk", flat=True))
    assert old_draft.pk not in remaining
    assert {recent_draft.pk, open_draft.pk, submitted.pk} <= remaining


def test_the_drafts_rule_runs_in_the_nightly_task(db):
    from civic.retention import run_retention

    _application(365)
    results = {r.name: r for r in run_retention(only=["challenge_drafts"])}
    assert results["challenge_drafts"].removed == 1


def test_a_purged_drafts_files_are_deleted_too(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    draft = _application(60)
    attachment = Attachment(
        application=draft,
        kind=Attachment.Kind.EVIDENCE,
        original_name="evidence.pdf",
        size_bytes=4,
        uploaded_by=draft.created_by,
    )
    attachment.file.save("evidence.pdf", ContentFile(b"%PDF"), save=False)
    attachment.save()
    path = attachment.file.path

    with django_capture_on_commit_callbacks(execute=True):
        assert personal_data.purge_drafts(timezone.now()) == 1

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not os.path.exists(path)
