import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Application, Assignment, Score
from challenges.tests.factories import (
    AssignmentFactory,
    ChallengeFactory,
    ScoreFactory,
    SubmittedApplicationFactory,
)
from civic.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "startup_member",
    "other_startup_member",
    "declared_assessor",
    "conflicted_assessor",
    "unassigned_assessor",
    "owner_member",
    "challenge_manager",
    "moderator",
]


def _as(client, request, role):
    if role == "anonymous":
        return None
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


def _submit_scores(assignment, score=3, comment="Solid"):
    for criterion in assignment.application.challenge.criteria.all():
        Score.objects.create(
            assignment=assignment, criterion=criterion, score=score, comment=comment
        )
    assignment.has_conflict = False
    assignment.submitted_at = timezone.now()
    assignment.save()


def _score_post(application, score="4", skip=None, action="submit"):
    data = {"action": action}
    for criterion in application.challenge.criteria.all():
        if criterion.name == skip:
            continue
        data[f"score_{criterion.pk}"] = score
        data[f"comment_{criterion.pk}"] = f"Comment on {criterion.name}"
    return data


# --- Permission tables ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    list(
        zip(
            ROLES,
            [302, 404, 404, 200, 404, 404, 404, 404, 404],
            strict=True,
        )
    ),
)
def test_who_may_open_the_assessment_page(
    client, request, submitted_application, role, expected
):
    _as(client, request, role)
    response = client.get(
        reverse(
            "challenges:assessment",
            kwargs={"public_id": submitted_application.public_id},
        )
    )
    assert response.status_code == expected
    if expected == 302:
        assert "/login/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize(
    ("role", "expected"),
    list(
        zip(
            ROLES,
            # A declared assessor is sent on to the scores.
            [302, 404, 404, 302, 404, 404, 404, 404, 404],
            strict=True,
        )
    ),
)
def test_who_may_open_the_conflict_declaration(
    client, request, submitted_application, role, expected
):
    _as(client, request, role)
    response = client.get(
        reverse(
            "challenges:assessment_declare",
            kwargs={"public_id": submitted_application.public_id},
        )
    )
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_assessor_home_lists_only_your_own_assignments(
    client, request, submitted_application, role
):
    user = _as(client, request, role)
    response = client.get(reverse("challenges:assessor_home"))
    if user is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    listed = submitted_application.reference in html
    assert listed is (role in {"declared_assessor", "conflicted_assessor"})
    if role == "conflicted_assessor":
        # Listed as conflicted, with no link to the application.
        assert str(submitted_application.public_id) not in html


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("anonymous", "shortlisted", 302),
        ("startup_member", "shortlisted", 404),
        ("other_startup_member", "shortlisted", 404),
        ("declared_assessor", "shortlisted", 404),
        ("conflicted_assessor", "shortlisted", 404),
        ("unassigned_assessor", "shortlisted", 404),
        ("owner_member", "submitted", 404),
        ("owner_member", "not_shortlisted", 404),
        ("owner_member", "shortlisted", 200),
        ("owner_member", "winner", 200),
        ("challenge_manager", "shortlisted", 404),
        ("moderator", "shortlisted", 404),
    ],
)
def test_who_may_read_an_application_as_the_challenge_owner(
    client, request, submitted_application, role, status, expected
):
    Application.objects.filter(pk=submitted_application.pk).update(status=status)
    _as(client, request, role)
    response = client.get(
        reverse(
            "challenges:owner_application",
            kwargs={"public_id": submitted_application.public_id},
        )
    )
    assert response.status_code == expected


def test_owner_home_lists_shortlisted_applications_only(
    client, owner_member, challenge, submitted_application
):
    other = SubmittedApplicationFactory(
        challenge=challenge, status=Application.Status.SHORTLISTED
    )
    client.force_login(owner_member)
    html = client.get(reverse("challenges:owner_home")).content.decode()
    assert other.reference in html
    assert submitted_application.reference not in html


@pytest.mark.parametrize(
    ("role", "status", "listed"),
    [
        ("startup_member", "shortlisted", False),
        ("other_startup_member", "shortlisted", False),
        ("declared_assessor", "shortlisted", False),
        ("conflicted_assessor", "shortlisted", False),
        ("unassigned_assessor", "shortlisted", False),
        ("owner_member", "submitted", False),
        ("owner_member", "shortlisted", True),
        ("challenge_manager", "shortlisted", False),
        ("moderator", "shortlisted", False),
    ],
)
def test_owner_home_permission_table(
    client, request, submitted_application, role, status, listed
):
    Application.objects.filter(pk=submitted_application.pk).update(status=status)
    _as(client, request, role)
    response = client.get(reverse("challenges:owner_home"))
    assert response.status_code == 200
    assert (submitted_application.reference in response.content.decode()) is listed


def test_owner_home_needs_signing_in(client):
    response = client.get(reverse("challenges:owner_home"))
    assert response.status_code == 302


def test_owner_home_shows_nothing_to_other_people(client, resident, challenge):
    SubmittedApplicationFactory(
        challenge=challenge, status=Application.Status.SHORTLISTED
    )
    client.force_login(resident)
    response = client.get(reverse("challenges:owner_home"))
    assert response.status_code == 200
    assert challenge.title not in response.content.decode()


# --- Declaring and scoring ------------------------------------------------------


def test_declaring_no_conflict_opens_the_application(
    client, submitted_application, assigned_assessor
):
    client.force_login(assigned_assessor)
    declare_url = reverse(
        "challenges:assessment_declare",
        kwargs={"public_id": submitted_application.public_id},
    )
    page = client.get(declare_url).content.decode()
    # Nothing of the application before declaring.
    assert submitted_application.solution_description not in page
    response = client.post(declare_url, {"has_conflict": "no"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert submitted_application.solution_description in page


def test_declaring_a_conflict_without_details_is_an_error(
    client, submitted_application, assigned_assessor
):
    client.force_login(assigned_assessor)
    response = client.post(
        reverse(
            "challenges:assessment_declare",
            kwargs={"public_id": submitted_application.public_id},
        ),
        {"has_conflict": "yes", "conflict_details": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Describe the conflict" in html
    assert 'href="#id_conflict_details"' in html
    assert "<title>Error:" in html


def test_declaring_a_conflict_hides_the_application_from_then_on(
    client, submitted_application, assigned_assessor
):
    client.force_login(assigned_assessor)
    kwargs = {"public_id": submitted_application.public_id}
    response = client.post(
        reverse("challenges:assessment_declare", kwargs=kwargs),
        {"has_conflict": "yes", "conflict_details": "I mentor the founder"},
    )
    assert response.status_code == 302
    assert (
        client.get(reverse("challenges:assessment", kwargs=kwargs)).status_code == 404
    )
    assert (
        client.get(reverse("challenges:assessment_declare", kwargs=kwargs)).status_code
        == 404
    )


def test_a_missing_score_is_an_error_next_to_the_field(
    client, submitted_application, declared_assessor
):
    client.force_login(declared_assessor)
    url = reverse(
        "challenges:assessment", kwargs={"public_id": submitted_application.public_id}
    )
    response = client.post(url, _score_post(submitted_application, skip="Team"))
    assert response.status_code == 200
    html = response.content.decode()
    team = submitted_application.challenge.criteria.get(name="Team")
    assert "Select a score for Team" in html
    assert f'href="#id_score_{team.pk}"' in html
    assert "govuk-error-message" in html
    assert not Assignment.objects.get(assessor=declared_assessor).submitted_at


def test_an_out_of_range_score_is_refused_not_a_500(
    client, submitted_application, declared_assessor
):
    client.force_login(declared_assessor)
    url = reverse(
        "challenges:assessment", kwargs={"public_id": submitted_application.public_id}
    )
    response = client.post(url, _score_post(submitted_application, score="9"))
    assert response.status_code == 200
    assert not Score.objects.exists()


def test_save_a_draft_then_submit_then_read_only(
    client, submitted_application, declared_assessor
):
    client.force_login(declared_assessor)
    url = reverse(
        "challenges:assessment", kwargs={"public_id": submitted_application.public_id}
    )
    response = client.post(
        url, _score_post(submitted_application, skip="Team", action="save")
    )
    assert response.status_code == 302
    assert Score.objects.count() == 4
    response = client.post(url, _score_post(submitted_application, score="5"))
    assert response.status_code == 302
    assignment = Assignment.objects.get(assessor=declared_assessor)
    assert assignment.submitted_at
    assert set(Score.objects.values_list("score", flat=True)) == {5}
    page = client.get(url).content.decode()
    assert "Save as draft" not in page
    # A late POST changes nothing.
    client.post(url, _score_post(submitted_application, score="1"))
    assert set(Score.objects.values_list("score", flat=True)) == {5}


def test_other_assessors_scores_are_hidden_until_you_submit(
    client, submitted_application, declared_assessor, challenge_manager
):
    other = AssignmentFactory(
        application=submitted_application,
        assessor=UserFactory(groups=["Assessors"]),
        assigned_by=challenge_manager,
    )
    _submit_scores(other, score=1, comment="SECRET-OTHER-COMMENT")
    client.force_login(declared_assessor)
    url = reverse(
        "challenges:assessment", kwargs={"public_id": submitted_application.public_id}
    )
    assert "SECRET-OTHER-COMMENT" not in client.get(url).content.decode()
    client.post(url, _score_post(submitted_application))
    assert "SECRET-OTHER-COMMENT" in client.get(url).content.decode()


def test_a_draft_of_another_assessor_is_never_shown(
    client, submitted_application, declared_assessor, challenge_manager
):
    other = AssignmentFactory(
        application=submitted_application,
        assessor=UserFactory(groups=["Assessors"]),
        assigned_by=challenge_manager,
        has_conflict=False,
    )
    ScoreFactory(assignment=other, comment="DRAFT-COMMENT")
    _submit_scores(Assignment.objects.get(assessor=declared_assessor))
    client.force_login(declared_assessor)
    url = reverse(
        "challenges:assessment", kwargs={"public_id": submitted_application.public_id}
    )
    assert "DRAFT-COMMENT" not in client.get(url).content.decode()


def test_the_selector_hides_scores_before_submitting(
    submitted_application, declared_assessor, challenge_manager
):
    from challenges.selectors_assessment import other_assessors_scores

    other = AssignmentFactory(
        application=submitted_application,
        assessor=UserFactory(groups=["Assessors"]),
        assigned_by=challenge_manager,
    )
    _submit_scores(other)
    mine = Assignment.objects.get(assessor=declared_assessor)
    assert other_assessors_scores(assignment=mine) == []
    _submit_scores(mine)
    assert other_assessors_scores(assignment=mine) == [other]


def test_the_application_links_its_files_through_the_download_view(
    client, submitted_application, declared_assessor
):
    from django.core.files.base import ContentFile

    from challenges.models import Attachment

    attachment = Attachment(
        application=submitted_application,
        kind=Attachment.Kind.PITCH_DECK,
        original_name="deck.pdf",
        size_bytes=10,
        uploaded_by=declared_assessor,
    )
    attachment.file.save("deck.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    client.force_login(declared_assessor)
    html = client.get(
        reverse(
            "challenges:assessment",
            kwargs={"public_id": submitted_application.public_id},
        )
    ).content.decode()
    assert (
        reverse(
            "challenges:attachment_download",
            kwargs={"public_id": attachment.public_id},
        )
        in html
    )


# --- Query counts ---------------------------------------------------------------


def _assign_many(assessor, manager, n):
    for _ in range(n):
        application = SubmittedApplicationFactory(challenge=ChallengeFactory())
        AssignmentFactory(
            application=application,
            assessor=assessor,
            assigned_by=manager,
            has_conflict=False,
        )


@pytest.mark.parametrize("extra", [0, 6])
def test_assessor_home_queries_do_not_grow(
    client, assessor, challenge_manager, extra, django_assert_max_num_queries
):
    _assign_many(assessor, challenge_manager, 1 + extra)
    client.force_login(assessor)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("challenges:assessor_home")).status_code == 200


@pytest.mark.parametrize("others", [1, 5])
def test_assessment_page_queries_do_not_grow_with_assessors(
    client,
    submitted_application,
    declared_assessor,
    challenge_manager,
    others,
    django_assert_max_num_queries,
):
    for _ in range(others):
        _submit_scores(
            AssignmentFactory(
                application=submitted_application,
                assessor=UserFactory(groups=["Assessors"]),
                assigned_by=challenge_manager,
            )
        )
    _submit_scores(Assignment.objects.get(assessor=declared_assessor))
    client.force_login(declared_assessor)
    url = reverse(
        "challenges:assessment", kwargs={"public_id": submitted_application.public_id}
    )
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [0, 6])
def test_owner_home_queries_do_not_grow(
    client, owner_member, challenge, extra, django_assert_max_num_queries
):
    for _ in range(1 + extra):
        SubmittedApplicationFactory(
            challenge=challenge, status=Application.Status.SHORTLISTED
        )
        ChallengeFactory(owner=challenge.owner)
    client.force_login(owner_member)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("challenges:owner_home")).status_code == 200


def test_owner_home_links_a_winners_pilot(client, owner_member, challenge):
    from challenges.tests.factories import PilotFactory

    pilot = PilotFactory(
        application=SubmittedApplicationFactory(
            challenge=challenge, status=Application.Status.WINNER
        )
    )
    client.force_login(owner_member)
    html = client.get(reverse("challenges:owner_home")).content.decode()
    assert reverse("challenges:pilot_detail", args=[pilot.public_id]) in html


def test_an_owner_member_assesses_without_the_admin(
    client, submitted_application, owner_member, challenge_manager
):
    from challenges.services.assessment import assignment_create

    assignment_create(
        application=submitted_application,
        assessor=owner_member,
        assigned_by=challenge_manager,
    )
    client.force_login(owner_member)
    kwargs = {"public_id": submitted_application.public_id}
    assert client.get(reverse("challenges:assessor_home")).status_code == 200
    client.post(
        reverse("challenges:assessment_declare", kwargs=kwargs), {"has_conflict": "no"}
    )
    response = client.post(
        reverse("challenges:assessment", kwargs=kwargs),
        _score_post(submitted_application),
    )
    assert response.status_code == 302
    assert Assignment.objects.get(assessor=owner_member).submitted_at


def test_an_unverified_assessor_is_asked_to_confirm_their_email(
    client, submitted_application, declared_assessor
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=declared_assessor).update(verified=False)
    client.force_login(declared_assessor)
    response = client.get(
        reverse(
            "challenges:assessment",
            kwargs={"public_id": submitted_application.public_id},
        )
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("civic:verify_email_needed")


@pytest.mark.parametrize("lines", [1, 8])
def test_owner_application_queries_do_not_grow(
    client, owner_member, submitted_application, lines, django_assert_max_num_queries
):
    from challenges.tests.factories import BudgetLineFactory

    for _ in range(lines):
        BudgetLineFactory(application=submitted_application)
    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.SHORTLISTED
    )
    client.force_login(owner_member)
    url = reverse(
        "challenges:owner_application",
        kwargs={"public_id": submitted_application.public_id},
    )
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("others", [0, 5])
def test_declare_page_queries_do_not_grow(
    client,
    submitted_application,
    assigned_assessor,
    challenge_manager,
    others,
    django_assert_max_num_queries,
):
    for _ in range(others):
        AssignmentFactory(
            application=submitted_application,
            assessor=UserFactory(groups=["Assessors"]),
            assigned_by=challenge_manager,
        )
    client.force_login(assigned_assessor)
    url = reverse(
        "challenges:assessment_declare",
        kwargs={"public_id": submitted_application.public_id},
    )
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_owner_home_does_not_list_an_application_its_member_is_conflicted_on(
    client, owner_member, challenge, submitted_application, challenge_manager
):
    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.SHORTLISTED
    )
    other = SubmittedApplicationFactory(
        challenge=challenge, status=Application.Status.SHORTLISTED
    )
    Assignment.objects.create(
        application=submitted_application,
        assessor=owner_member,
        assigned_by=challenge_manager,
        has_conflict=True,
        conflict_details="I mentor its founder.",
    )
    client.force_login(owner_member)
    html = client.get(reverse("challenges:owner_home")).content.decode()
    assert other.reference in html
    assert submitted_application.reference not in html
    assert submitted_application.organisation.name not in html
