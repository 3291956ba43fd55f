import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from challenges.models import Application, Assignment, Pitch, Score
from challenges.services import assessment as services
from challenges.services.assessment import ScoreInput
from challenges.tests.factories import AssignmentFactory
from civic.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _full_scores(application, score=3, comment="Fine"):
    return {
        c.pk: ScoreInput(score=score, comment=comment)
        for c in application.challenge.criteria.all()
    }


# --- Assigning ------------------------------------------------------------------


def test_a_manager_assigns_a_staff_assessor_and_they_are_emailed_after_commit(
    submitted_application,
    assessor,
    challenge_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assignment = services.assignment_create(
            application=submitted_application,
            assessor=assessor,
            assigned_by=challenge_manager,
        )
        assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert assignment.has_conflict is None
    assert [m.to for m in mailoutbox] == [[assessor.email]]
    assert submitted_application.reference in mailoutbox[0].body
    assert ModelLogEntry.objects.filter(action=services.ASSIGN).count() == 1


def test_an_owner_member_can_be_assigned(
    submitted_application, owner_member, challenge_manager
):
    services.assignment_create(
        application=submitted_application,
        assessor=owner_member,
        assigned_by=challenge_manager,
    )
    assert Assignment.objects.filter(assessor=owner_member).exists()


@pytest.mark.parametrize("who", ["resident", "startup_member", "moderator"])
def test_only_assessors_and_owner_members_can_be_assigned(
    request, submitted_application, challenge_manager, who
):
    user = request.getfixturevalue(who)
    with pytest.raises(services.AssessmentError):
        services.assignment_create(
            application=submitted_application,
            assessor=user,
            assigned_by=challenge_manager,
        )


def test_a_startup_member_in_the_assessors_group_cannot_assess_their_own(
    submitted_application, startup_member, challenge_manager
):
    from django.contrib.auth.models import Group

    startup_member.groups.add(Group.objects.get(name="Assessors"))
    with pytest.raises(services.AssessmentError, match="startup"):
        services.assignment_create(
            application=submitted_application,
            assessor=startup_member,
            assigned_by=challenge_manager,
        )


def test_assigning_twice_is_refused(
    submitted_application, assigned_assessor, challenge_manager
):
    with pytest.raises(services.AssessmentError, match="already"):
        services.assignment_create(
            application=submitted_application,
            assessor=assigned_assessor,
            assigned_by=challenge_manager,
        )


def test_a_draft_cannot_be_assessed(challenge, assessor, challenge_manager):
    from challenges.tests.factories import ApplicationFactory

    draft = ApplicationFactory(challenge=challenge)
    with pytest.raises(services.AssessmentError):
        services.assignment_create(
            application=draft, assessor=assessor, assigned_by=challenge_manager
        )


def test_unassign_before_submitting_but_not_after(
    submitted_application, assigned_assessor, challenge_manager
):
    assignment = Assignment.objects.get(assessor=assigned_assessor)
    services.assignment_remove(assignment=assignment, removed_by=challenge_manager)
    assert not Assignment.objects.exists()

    done = AssignmentFactory(
        application=submitted_application,
        assessor=assigned_assessor,
        assigned_by=challenge_manager,
        has_conflict=False,
        submitted_at=timezone.now(),
    )
    with pytest.raises(services.AssessmentError):
        services.assignment_remove(assignment=done, removed_by=challenge_manager)
    assert Assignment.objects.filter(pk=done.pk).exists()


# --- Conflicts and scores -------------------------------------------------------


def test_declaring_a_conflict_tells_the_manager(
    submitted_application,
    assigned_assessor,
    challenge_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    assignment = Assignment.objects.get(assessor=assigned_assessor)
    with django_capture_on_commit_callbacks(execute=True):
        services.conflict_declare(
            assignment=assignment, has_conflict=True, details="My sister works there"
        )
    assignment.refresh_from_db()
    assert assignment.has_conflict is True
    assert [m.to for m in mailoutbox] == [[challenge_manager.email]]
    assert "My sister works there" in mailoutbox[0].body


def test_no_conflict_sends_nothing_and_declaring_twice_is_refused(
    assigned_assessor, mailoutbox, django_capture_on_commit_callbacks
):
    assignment = Assignment.objects.get(assessor=assigned_assessor)
    with django_capture_on_commit_callbacks(execute=True):
        services.conflict_declare(assignment=assignment, has_conflict=False)
    assert mailoutbox == []
    with pytest.raises(services.AssessmentError):
        services.conflict_declare(assignment=assignment, has_conflict=True)


def test_scores_need_a_declaration_first(submitted_application, assigned_assessor):
    assignment = Assignment.objects.get(assessor=assigned_assessor)
    with pytest.raises(services.AssessmentError):
        services.scores_save(
            assignment=assignment,
            scores=_full_scores(submitted_application),
            submit=False,
        )


def test_a_conflicted_assessor_cannot_score(submitted_application, conflicted_assessor):
    assignment = Assignment.objects.get(assessor=conflicted_assessor)
    with pytest.raises(services.AssessmentError):
        services.scores_save(
            assignment=assignment,
            scores=_full_scores(submitted_application),
            submit=True,
        )


def test_a_draft_can_be_partial_and_changed_then_submitted_once(
    submitted_application, assigned_assessor
):
    assignment = Assignment.objects.get(assessor=assigned_assessor)
    services.conflict_declare(assignment=assignment, has_conflict=False)
    first = submitted_application.challenge.criteria.first()
    services.scores_save(
        assignment=assignment,
        scores={first.pk: ScoreInput(score=2, comment="Thin")},
        submit=False,
    )
    assert Score.objects.get().score == 2
    with pytest.raises(services.AssessmentError, match="every criterion"):
        services.scores_save(
            assignment=assignment,
            scores={first.pk: ScoreInput(score=2, comment="Thin")},
            submit=True,
        )
    services.scores_save(
        assignment=assignment,
        scores=_full_scores(submitted_application, 4),
        submit=True,
    )
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert set(Score.objects.values_list("score", flat=True)) == {4}
    assert Score.objects.count() == 5
    with pytest.raises(services.AssessmentError, match="already submitted"):
        services.scores_save(
            assignment=assignment,
            scores=_full_scores(submitted_application, 1),
            submit=False,
        )


# --- Decisions ------------------------------------------------------------------


def test_shortlisting_emails_the_startup_and_is_audit_logged(
    submitted_application,
    startup_member,
    challenge_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_shortlist(
            application=submitted_application,
            decided_by=challenge_manager,
            shortlisted=True,
            feedback="A strong, well-evidenced idea.",
        )
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.SHORTLISTED
    assert submitted_application.decided_by == challenge_manager
    assert [m.to for m in mailoutbox] == [[startup_member.email]]
    assert "A strong, well-evidenced idea." in mailoutbox[0].body
    entry = ModelLogEntry.objects.get(action=services.SHORTLIST)
    assert entry.data["reason"] == "A strong, well-evidenced idea."
    assert entry.user == challenge_manager


def test_a_rolled_back_decision_emails_nobody(
    submitted_application, challenge_manager, mailoutbox
):
    # Without running on-commit callbacks nothing is sent.
    services.application_shortlist(
        application=submitted_application,
        decided_by=challenge_manager,
        shortlisted=False,
        feedback="Not this time.",
    )
    assert mailoutbox == []


def test_feedback_is_required_and_decisions_follow_the_order(
    submitted_application, challenge_manager
):
    with pytest.raises(services.AssessmentError, match="feedback"):
        services.application_shortlist(
            application=submitted_application,
            decided_by=challenge_manager,
            shortlisted=True,
            feedback="  ",
        )
    with pytest.raises(services.AssessmentError):
        services.application_final_decide(
            application=submitted_application,
            decided_by=challenge_manager,
            winner=True,
            feedback="Great",
        )
    with pytest.raises(services.AssessmentError):
        services.pitch_invite(
            application=submitted_application,
            invited_by=challenge_manager,
            starts_at=timezone.now(),
            place="City Hall",
        )


def test_shortlisted_then_pitch_then_winner(
    submitted_application,
    startup_member,
    challenge_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_shortlist(
            application=submitted_application,
            decided_by=challenge_manager,
            shortlisted=True,
            feedback="Good",
        )
        services.pitch_invite(
            application=submitted_application,
            invited_by=challenge_manager,
            starts_at=timezone.now() + timezone.timedelta(days=7),
            place="City Hall, Kamal Chunchie Way",
            details="Ten minutes and questions.",
        )
        services.application_final_decide(
            application=submitted_application,
            decided_by=challenge_manager,
            winner=True,
            feedback="Congratulations",
        )
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.WINNER
    assert Pitch.objects.get().place == "City Hall, Kamal Chunchie Way"
    assert len(mailoutbox) == 3
    assert "City Hall, Kamal Chunchie Way" in mailoutbox[1].body
    assert set(ModelLogEntry.objects.values_list("action", flat=True)) == {
        services.SHORTLIST,
        services.PITCH,
        services.WINNER,
    }


def test_eligible_assessors_are_the_group_and_the_owner(
    challenge, assessor, owner_member, resident, moderator
):
    UserFactory(email="inactive@example.com", is_active=False, groups=["Assessors"])
    assert set(services.eligible_assessors(challenge=challenge)) == {
        assessor,
        owner_member,
    }
