import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from challenges.models import Application, Assignment, Milestone, Pilot, Score
from challenges.services import assessment as services
from challenges.tests.factories import (
    AssignmentFactory,
    MilestoneFactory,
    PilotFactory,
    SubmittedApplicationFactory,
)
from civic.tests.factories import UserFactory
from tests.fixtures import add_totp, force_login_with_mfa

pytestmark = pytest.mark.django_db


def _login(client, request, role):
    if role == "anonymous":
        return None
    user = request.getfixturevalue(role)
    if user.groups.exists() or user.is_staff:
        force_login_with_mfa(client, user)
    else:
        client.force_login(user)
    return user


def _submit(assignment, scores):
    for criterion, score in zip(
        assignment.application.challenge.criteria.all(), scores, strict=True
    ):
        Score.objects.create(
            assignment=assignment, criterion=criterion, score=score, comment="ok"
        )
    assignment.has_conflict = False
    assignment.submitted_at = timezone.now()
    assignment.save()


@pytest.fixture
def winner(submitted_application):
    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.WINNER
    )
    submitted_application.refresh_from_db()
    return submitted_application


@pytest.fixture
def admin_urls(submitted_application, challenge):
    pilot = PilotFactory(
        application=SubmittedApplicationFactory(
            challenge=challenge, status=Application.Status.WINNER
        )
    )
    return [
        reverse("challenges_assessment:index"),
        reverse("challenges_assessment:panel", args=[challenge.pk]),
        reverse(
            "challenges_assessment:application",
            args=[submitted_application.public_id],
        ),
        reverse(
            "challenges_assessment:pilot_start", args=[pilot.application.public_id]
        ),
        reverse("challenges_assessment:pilot", args=[pilot.pk]),
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        # Signed in without admin access: refused, not sent to sign in again.
        ("startup_member", 403),
        ("other_startup_member", 403),
        ("owner_member", 403),
        ("declared_assessor", 403),
        ("conflicted_assessor", 403),
        ("unassigned_assessor", 403),
        ("moderator", 403),
        ("challenge_manager", 200),
    ],
)
def test_only_managers_reach_the_assessment_admin(
    client, request, admin_urls, role, expected
):
    _login(client, request, role)
    for url in admin_urls:
        response = client.get(url)
        # A winner with a pilot redirects from "start" to the pilot itself.
        if expected == 200 and url.endswith("/pilot/"):
            assert response.status_code == 302
            continue
        assert response.status_code == expected, url


def test_a_manager_without_mfa_this_session_is_sent_to_enter_a_code(
    client, challenge_manager
):
    client.force_login(challenge_manager)
    response = client.get(reverse("challenges_assessment:index"))
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


# --- The moderation view --------------------------------------------------------


def test_the_panel_shows_totals_mean_and_flags_disagreement(
    client, challenge, submitted_application, challenge_manager
):
    first = AssignmentFactory(
        application=submitted_application,
        assessor=UserFactory(display_name="Ada Assessor", groups=["Assessors"]),
        assigned_by=challenge_manager,
    )
    second = AssignmentFactory(
        application=submitted_application,
        assessor=UserFactory(display_name="Ben Assessor", groups=["Assessors"]),
        assigned_by=challenge_manager,
    )
    _submit(first, [5, 3, 3, 3, 3])  # 72
    _submit(second, [3, 3, 4, 3, 3])  # 64
    force_login_with_mfa(client, challenge_manager)
    html = client.get(
        reverse("challenges_assessment:panel", args=[challenge.pk])
    ).content.decode()
    assert "72.0" in html and "64.0" in html and "68.0" in html
    assert "Assessors disagree" in html
    assert "Ada Assessor" in html


@pytest.mark.parametrize(("applications", "assessors"), [(1, 1), (6, 3)])
def test_the_panel_queries_do_not_grow(
    client,
    challenge,
    challenge_manager,
    applications,
    assessors,
    django_assert_max_num_queries,
):
    for _ in range(applications):
        application = SubmittedApplicationFactory(challenge=challenge)
        for _ in range(assessors):
            _submit(
                AssignmentFactory(
                    application=application,
                    assessor=UserFactory(groups=["Assessors"]),
                    assigned_by=challenge_manager,
                ),
                [3, 3, 3, 3, 3],
            )
    force_login_with_mfa(client, challenge_manager)
    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("challenges_assessment:panel", args=[challenge.pk])
        )
    assert response.status_code == 200


def test_assign_and_unassign_from_the_panel(
    client,
    challenge,
    submitted_application,
    challenge_manager,
    assessor,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    force_login_with_mfa(client, challenge_manager)
    url = reverse("challenges_assessment:panel", args=[challenge.pk])
    prefix = f"a{submitted_application.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "action": "assign",
                "application": submitted_application.pk,
                f"{prefix}-assessor": assessor.pk,
            },
        )
    assert response.status_code == 302
    assignment = Assignment.objects.get(assessor=assessor)
    assert [m.to for m in mailoutbox] == [[assessor.email]]
    response = client.post(url, {"action": "unassign", "assignment": assignment.pk})
    assert response.status_code == 302
    assert not Assignment.objects.exists()


def test_assigning_someone_not_eligible_is_refused(
    client, challenge, submitted_application, challenge_manager, resident
):
    force_login_with_mfa(client, challenge_manager)
    prefix = f"a{submitted_application.pk}"
    response = client.post(
        reverse("challenges_assessment:panel", args=[challenge.pk]),
        {
            "action": "assign",
            "application": submitted_application.pk,
            f"{prefix}-assessor": resident.pk,
        },
    )
    assert response.status_code == 302
    assert not Assignment.objects.exists()


# --- Decisions ------------------------------------------------------------------


def test_shortlisting_needs_feedback(client, submitted_application, challenge_manager):
    force_login_with_mfa(client, challenge_manager)
    url = reverse(
        "challenges_assessment:application", args=[submitted_application.public_id]
    )
    response = client.post(url, {"action": "shortlist", "decision": "shortlisted"})
    assert response.status_code == 200
    assert "Enter feedback for the applicant" in response.content.decode()
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.SUBMITTED


def test_a_manager_shortlists_with_feedback(
    client,
    submitted_application,
    challenge_manager,
    startup_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    force_login_with_mfa(client, challenge_manager)
    url = reverse(
        "challenges_assessment:application", args=[submitted_application.public_id]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "action": "shortlist",
                "decision": "shortlisted",
                "feedback": "Clear evidence of demand.",
            },
        )
    assert response.status_code == 302
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.SHORTLISTED
    assert [m.to for m in mailoutbox] == [[startup_member.email]]
    assert ModelLogEntry.objects.filter(action=services.SHORTLIST).exists()
    page = client.get(url).content.decode()
    assert "Invite to pitch" in page and "Final decision" in page


def test_invite_to_pitch_and_select_a_winner(
    client, submitted_application, challenge_manager
):
    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.SHORTLISTED
    )
    force_login_with_mfa(client, challenge_manager)
    url = reverse(
        "challenges_assessment:application", args=[submitted_application.public_id]
    )
    bad = client.post(url, {"action": "pitch", "date": "2026-02-31", "time": "x"})
    assert bad.status_code == 200
    assert "Enter a real date" in bad.content.decode()
    client.post(
        url,
        {
            "action": "pitch",
            "date": "2027-01-12",
            "time": "14:30",
            "place": "City Hall",
            "details": "",
        },
    )
    assert submitted_application.pitch.place == "City Hall"
    client.post(url, {"action": "final", "decision": "winner", "feedback": "Well done"})
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.WINNER
    assert "Start the pilot" in client.get(url).content.decode()


# --- Pilots in the admin --------------------------------------------------------


def _pilot_post(award, payments):
    data = {
        "award": award,
        "started_on": "2027-02-01",
        "milestones-TOTAL_FORMS": "6",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "12",
    }
    for i, payment in enumerate(payments):
        data[f"milestones-{i}-title"] = f"Milestone {i + 1}"
        data[f"milestones-{i}-due_on"] = f"2027-0{i + 3}-01"
        data[f"milestones-{i}-payment"] = payment
    return data


def test_starting_a_pilot_with_payments_that_do_not_add_up_is_an_error(
    client, winner, challenge_manager
):
    force_login_with_mfa(client, challenge_manager)
    url = reverse("challenges_assessment:pilot_start", args=[winner.public_id])
    response = client.post(url, _pilot_post("15000", ["5000", "5000"]))
    assert response.status_code == 200
    assert "add up to £10,000 but the award is £15,000" in response.content.decode()
    assert not Pilot.objects.exists()


def test_starting_a_pilot(client, winner, challenge_manager):
    force_login_with_mfa(client, challenge_manager)
    url = reverse("challenges_assessment:pilot_start", args=[winner.public_id])
    response = client.post(url, _pilot_post("12000.50", ["5000", "7000.50"]))
    assert response.status_code == 302
    pilot = Pilot.objects.get()
    assert pilot.award_pence == 1_200_050
    assert list(pilot.milestones.values_list("payment_pence", flat=True)) == [
        500_000,
        700_050,
    ]
    assert pilot.started_on == datetime.date(2027, 2, 1)


def test_approving_a_milestone_and_completing_a_pilot(client, challenge_manager):
    milestone = MilestoneFactory(status=Milestone.Status.SUBMITTED)
    pilot = milestone.pilot
    force_login_with_mfa(client, challenge_manager)
    url = reverse("challenges_assessment:pilot", args=[pilot.pk])
    client.post(url, {"action": "approve", "milestone": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.APPROVED
    # No final report yet: refused with a message, not completed.
    client.post(url, {"action": "complete", "outcome_summary": "It worked."})
    pilot.refresh_from_db()
    assert pilot.status == Pilot.Status.ACTIVE
    Pilot.objects.filter(pk=pilot.pk).update(final_report="We did it.")
    empty = client.post(url, {"action": "complete", "outcome_summary": ""})
    assert empty.status_code == 200
    client.post(url, {"action": "complete", "outcome_summary": "It worked."})
    pilot.refresh_from_db()
    assert pilot.status == Pilot.Status.COMPLETED
    assert pilot.outcome_summary == "It worked."


def test_staff_assessors_cannot_use_the_admin_views_even_with_a_post(
    client, submitted_application
):
    staff = add_totp(UserFactory(groups=["Assessors"]))
    force_login_with_mfa(client, staff)
    response = client.post(
        reverse(
            "challenges_assessment:application",
            args=[submitted_application.public_id],
        ),
        {"action": "shortlist", "decision": "shortlisted", "feedback": "x"},
    )
    assert response.status_code == 403
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.SUBMITTED


@pytest.mark.parametrize("assessors", [1, 5])
def test_the_application_page_queries_do_not_grow(
    client,
    submitted_application,
    challenge_manager,
    assessors,
    django_assert_max_num_queries,
):
    for _ in range(assessors):
        _submit(
            AssignmentFactory(
                application=submitted_application,
                assessor=UserFactory(groups=["Assessors"]),
                assigned_by=challenge_manager,
            ),
            [4, 4, 4, 4, 4],
        )
    force_login_with_mfa(client, challenge_manager)
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse(
                "challenges_assessment:application",
                args=[submitted_application.public_id],
            )
        )
    assert response.status_code == 200
    assert "80.0" in response.content.decode()


@pytest.mark.parametrize("milestones", [1, 6])
def test_the_admin_pilot_page_queries_do_not_grow(
    client, challenge_manager, milestones, django_assert_max_num_queries
):
    pilot = PilotFactory()
    for _ in range(milestones):
        MilestoneFactory(pilot=pilot, status=Milestone.Status.SUBMITTED)
    force_login_with_mfa(client, challenge_manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("challenges_assessment:pilot", args=[pilot.pk]))
    assert response.status_code == 200


@pytest.fixture
def manager_assessing(challenge, submitted_application, challenge_manager):
    """A challenge manager who is also assigned as an assessor, beside another
    assessor who has already submitted."""
    other = AssignmentFactory(
        application=submitted_application,
        assessor=UserFactory(display_name="Ada Assessor", groups=["Assessors"]),
        assigned_by=challenge_manager,
    )
    _submit(other, [5, 3, 3, 3, 3])  # 72
    return AssignmentFactory(
        application=submitted_application,
        assessor=challenge_manager,
        assigned_by=challenge_manager,
    )


def test_a_manager_assessing_sees_no_scores_before_submitting_their_own(
    client, challenge, submitted_application, challenge_manager, manager_assessing
):
    force_login_with_mfa(client, challenge_manager)
    urls = [
        reverse("challenges_assessment:panel", args=[challenge.pk]),
        reverse(
            "challenges_assessment:application",
            args=[submitted_application.public_id],
        ),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "72.0" not in html
        assert "once you have submitted your own" in html

    _submit(manager_assessing, [3, 3, 3, 3, 3])  # 60
    for url in urls:
        html = client.get(url).content.decode()
        assert "72.0" in html and "60.0" in html


def test_a_manager_who_declared_a_conflict_cannot_open_it_in_the_admin(
    client, challenge, submitted_application, challenge_manager, manager_assessing
):
    Assignment.objects.filter(pk=manager_assessing.pk).update(
        has_conflict=True, conflict_details="My sister runs the startup"
    )
    force_login_with_mfa(client, challenge_manager)
    url = reverse(
        "challenges_assessment:application", args=[submitted_application.public_id]
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "shortlist"}).status_code == 404
    panel = client.get(
        reverse("challenges_assessment:panel", args=[challenge.pk])
    ).content.decode()
    assert "72.0" not in panel
    assert f'href="{url}"' not in panel
    assert "You declared a conflict of interest" in panel


@pytest.mark.parametrize("value", ["abc", "", "1.5"])
def test_tampered_ids_in_admin_posts_are_404_not_a_500(
    client, challenge, submitted_application, challenge_manager, value
):
    pilot = PilotFactory(
        application=SubmittedApplicationFactory(
            challenge=challenge, status=Application.Status.WINNER
        )
    )
    force_login_with_mfa(client, challenge_manager)
    panel = reverse("challenges_assessment:panel", args=[challenge.pk])
    pilot_url = reverse("challenges_assessment:pilot", args=[pilot.pk])
    posts = [
        (panel, {"action": "assign", "application": value}),
        (panel, {"action": "unassign", "assignment": value}),
        (pilot_url, {"action": "approve", "milestone": value}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("challenges_assessment:panel", {"pk": 987654321}),
        (
            "challenges_assessment:application",
            {"public_id": "00000000-0000-4000-8000-000000000000"},
        ),
        (
            "challenges_assessment:pilot_start",
            {"public_id": "00000000-0000-4000-8000-000000000000"},
        ),
        ("challenges_assessment:pilot", {"pk": 987654321}),
    ],
)
def test_other_staff_are_refused_before_anything_is_looked_up(
    client, moderator, name, kwargs
):
    """A 403 whether or not the id exists: the screens do not tell staff who
    may not use them which challenges, applications or pilots there are."""
    force_login_with_mfa(client, moderator)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403
