import uuid

import pytest
from django.urls import reverse

from challenges.models import (
    Application,
    MentoringSession,
    Milestone,
    ProgressReport,
)
from challenges.tests.factories import MilestoneFactory, PilotFactory
from civic.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(submitted_application):
    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.WINNER
    )
    submitted_application.refresh_from_db()
    pilot = PilotFactory(application=submitted_application)
    MilestoneFactory(pilot=pilot, title="Recruit 50 callers")
    return pilot


@pytest.fixture
def partner_member(pilot):
    user = UserFactory(email="mentor@partner.example.com")
    MembershipFactory(
        organisation=pilot.application.challenge.programme.delivery_partner, user=user
    )
    return user


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("resident", 404),
        ("startup_member", 200),
        ("other_startup_member", 404),
        ("declared_assessor", 404),
        ("conflicted_assessor", 404),
        ("unassigned_assessor", 404),
        ("owner_member", 200),
        ("partner_member", 200),
        ("challenge_manager", 200),
        ("moderator", 404),
    ],
)
def test_who_may_see_a_pilot(client, request, pilot, role, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("challenges:pilot_detail", args=[pilot.public_id]))
    assert response.status_code == expected


def test_an_unknown_pilot_is_404(client, resident):
    client.force_login(resident)
    assert (
        client.get(reverse("challenges:pilot_detail", args=[uuid.uuid4()])).status_code
        == 404
    )


def test_the_startup_posts_a_report_against_a_milestone_and_marks_it_ready(
    client, pilot, startup_member
):
    milestone = pilot.milestones.get()
    client.force_login(startup_member)
    url = reverse("challenges:pilot_detail", args=[pilot.public_id])
    response = client.post(
        url, {"action": "report", "milestone": milestone.pk, "body": "30 so far"}
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().milestone == milestone
    client.post(url, {"action": "ready", "milestone": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.SUBMITTED
    assert "30 so far" in client.get(url).content.decode()


def test_an_empty_report_is_an_error_on_the_page(client, pilot, startup_member):
    client.force_login(startup_member)
    response = client.post(
        reverse("challenges:pilot_detail", args=[pilot.public_id]),
        {"action": "report", "body": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter your progress report" in html
    assert 'href="#id_body"' in html


def test_the_startup_sends_the_final_report(client, pilot, startup_member):
    client.force_login(startup_member)
    client.post(
        reverse("challenges:pilot_detail", args=[pilot.public_id]),
        {"action": "final", "final_report": "Loneliness scores fell by 12%."},
    )
    pilot.refresh_from_db()
    assert pilot.final_report == "Loneliness scores fell by 12%."


def test_the_delivery_partner_logs_mentoring(client, pilot, partner_member):
    client.force_login(partner_member)
    url = reverse("challenges:pilot_detail", args=[pilot.public_id])
    bad = client.post(
        url,
        {
            "action": "mentoring",
            "held_on_0": "31",
            "held_on_1": "2",
            "held_on_2": "2027",
            "mentor_name": "",
            "topics": "Pricing",
        },
    )
    assert bad.status_code == 200
    assert "Enter a real date" in bad.content.decode()
    assert "Enter the mentor" in bad.content.decode()
    client.post(
        url,
        {
            "action": "mentoring",
            "held_on_0": "3",
            "held_on_1": "2",
            "held_on_2": "2027",
            "mentor_name": "Maya Mentor",
            "topics": "Pricing",
        },
    )
    assert MentoringSession.objects.get().mentor_name == "Maya Mentor"


@pytest.mark.parametrize(
    ("role", "action"),
    [
        ("owner_member", "report"),
        ("owner_member", "mentoring"),
        ("partner_member", "report"),
        ("partner_member", "ready"),
        ("startup_member", "mentoring"),
        ("challenge_manager", "final"),
    ],
)
def test_people_cannot_do_what_is_not_theirs(client, request, pilot, role, action):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("challenges:pilot_detail", args=[pilot.public_id]),
        {
            "action": action,
            "body": "x",
            "final_report": "x",
            "milestone": pilot.milestones.get().pk,
            "mentor_name": "x",
            "topics": "x",
            "held_on_0": "1",
            "held_on_1": "1",
            "held_on_2": "2027",
        },
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()
    assert not MentoringSession.objects.exists()
    assert pilot.milestones.get().status == Milestone.Status.PENDING


def test_an_unverified_startup_member_cannot_post(client, pilot, startup_member):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=startup_member).update(verified=False)
    client.force_login(startup_member)
    response = client.post(
        reverse("challenges:pilot_detail", args=[pilot.public_id]),
        {"action": "report", "body": "hi"},
    )
    assert response.status_code == 302
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("extra", [0, 6])
def test_pilot_page_queries_do_not_grow(
    client, pilot, startup_member, partner_member, extra, django_assert_max_num_queries
):
    for i in range(extra):
        milestone = MilestoneFactory(pilot=pilot, title=f"Step {i}")
        ProgressReport.objects.create(
            pilot=pilot, milestone=milestone, author=startup_member, body="ok"
        )
        MentoringSession.objects.create(
            pilot=pilot,
            held_on=pilot.started_on,
            mentor_name="M",
            topics="T",
            logged_by=partner_member,
        )
    client.force_login(startup_member)
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("challenges:pilot_detail", args=[pilot.public_id])
        )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "milestone", ["abc", "", "1.5", "²", "99999999999999999999999"]
)
def test_a_tampered_milestone_is_404_not_a_500(
    client, pilot, startup_member, milestone
):
    client.force_login(startup_member)
    response = client.post(
        reverse("challenges:pilot_detail", args=[pilot.public_id]),
        {"action": "ready", "milestone": milestone},
    )
    assert response.status_code == 404
    assert not Milestone.objects.filter(status=Milestone.Status.SUBMITTED).exists()
