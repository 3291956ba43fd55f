import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from challenges.models import Application, Assignment, BudgetLine
from challenges.services.attachments import attachment_add
from challenges.tests.conftest import MINIMAL_PDF
from challenges.tests.factories import (
    ApplicationFactory,
    BudgetLineFactory,
    ChallengeFactory,
)
from civic.models import Organisation
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "startup_member",
    "other_startup_member",
    "assessor_no_conflict",
    "assessor_undeclared",
    "conflicted_assessor",
    "owner_member",
    "challenge_manager",
    "moderator",
]


@pytest.fixture
def as_persona(request, client, submitted_application, challenge_manager):
    """Sign the client in as the named persona (staff with MFA)."""

    def sign_in(name):
        if name == "anonymous":
            return None
        if name == "assessor_no_conflict":
            user = request.getfixturevalue("assigned_assessor")
            Assignment.objects.filter(assessor=user).update(has_conflict=False)
        elif name == "assessor_undeclared":
            user = request.getfixturevalue("assigned_assessor")
        else:
            user = request.getfixturevalue(name)
        if user.is_staff or user.groups.exists():
            force_login_with_mfa(client, user)
        else:
            client.force_login(user)
        return user

    return sign_in


# Who sees a submitted (not yet shortlisted) application's pages.
READ_ALLOWED = {"startup_member", "assessor_no_conflict", "challenge_manager"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_application_page_permission_table(
    client, as_persona, persona, submitted_application
):
    as_persona(persona)
    url = reverse("challenges:application", args=[submitted_application.public_id])
    response = client.get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in READ_ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_attachment_download_permission_table(
    client, as_persona, persona, submitted_application, startup_member, private_media
):
    attachment = attachment_add(
        application=submitted_application,
        user=startup_member,
        kind="pitch_deck",
        uploaded=SimpleUploadedFile("deck.pdf", MINIMAL_PDF),
    )
    as_persona(persona)
    response = client.get(
        reverse("challenges:attachment_download", args=[attachment.public_id])
    )
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in READ_ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "page", ["section", "budget", "check", "withdraw", "attachment_delete"]
)
def test_only_startup_members_reach_the_editing_pages(
    client,
    as_persona,
    persona,
    page,
    submitted_application,
    startup_member,
    private_media,
):
    attachment = attachment_add(
        application=submitted_application,
        user=startup_member,
        kind="pitch_deck",
        uploaded=SimpleUploadedFile("deck.pdf", MINIMAL_PDF),
    )
    pid = submitted_application.public_id
    url = {
        "section": reverse("challenges:application_section", args=[pid, "team"]),
        "budget": reverse("challenges:application_section", args=[pid, "budget"]),
        "check": reverse("challenges:application_check", args=[pid]),
        "withdraw": reverse("challenges:application_withdraw", args=[pid]),
        "attachment_delete": reverse(
            "challenges:attachment_delete", args=[attachment.public_id]
        ),
    }[page]
    as_persona(persona)
    get = client.get(url)
    post = client.post(url, {"team_description": "Taken over"})
    if persona == "anonymous":
        assert get.status_code == post.status_code == 302
        assert "/accounts/login/" in get["Location"]
    elif persona == "startup_member":
        assert get.status_code == 200
    else:
        assert get.status_code == post.status_code == 404
    submitted_application.refresh_from_db()
    if persona != "startup_member":
        assert submitted_application.team_description != "Taken over"
        assert submitted_application.status == Application.Status.SUBMITTED


@pytest.mark.parametrize(
    ("status", "owner_sees"),
    [
        (Application.Status.SUBMITTED, False),
        (Application.Status.NOT_SHORTLISTED, False),
        (Application.Status.SHORTLISTED, True),
        (Application.Status.WINNER, True),
    ],
)
def test_the_challenge_owner_sees_only_shortlisted_applications(
    client, owner_member, submitted_application, status, owner_sees
):
    Application.objects.filter(pk=submitted_application.pk).update(status=status)
    client.force_login(owner_member)
    response = client.get(
        reverse("challenges:application", args=[submitted_application.public_id])
    )
    assert response.status_code == (200 if owner_sees else 404)


def test_an_unknown_application_is_404(client, startup_member):
    import uuid

    client.force_login(startup_member)
    response = client.get(reverse("challenges:application", args=[uuid.uuid4()]))
    assert response.status_code == 404


# --- The journey through the views -----------------------------------------------


def test_a_startup_member_starts_fills_in_and_submits(
    client, challenge, startup, startup_member, mailoutbox, private_media
):
    client.force_login(startup_member)
    start_url = reverse("challenges:application_start", args=[challenge.slug])
    page = client.get(start_url).content.decode()
    assert "Start your application" in page
    response = client.post(start_url, {"organisation": startup.pk})
    application = Application.objects.get()
    assert response["Location"] == reverse(
        "challenges:application", args=[application.public_id]
    )
    # Starting again lands on the same application.
    assert client.post(start_url, {"organisation": startup.pk})["Location"] == reverse(
        "challenges:application", args=[application.public_id]
    )

    pid = application.public_id

    def section(key):
        return reverse("challenges:application_section", args=[pid, key])

    page = client.get(reverse("challenges:application", args=[pid])).content.decode()
    assert "You have completed 0 of 7 sections" in page
    assert client.post(section("organisation"), {"organisation_summary": "Us"})
    client.post(
        section("solution"),
        {"solution_summary": "A line", "solution_description": "It helps"},
    )
    client.post(section("evidence"), {"evidence": "Pilot in Hackney"})
    client.post(section("testing"), {"testing_plan": "Six months"})
    client.post(section("team"), {"team_description": "Three of us"})
    error = client.post(section("budget"), {"item_0": "Staff", "amount_0": "15000.01"})
    assert "more than the testing fund of £15,000" in error.content.decode()
    client.post(
        section("budget"),
        {
            "item_0": "Staff",
            "amount_0": "£12,000.50",
            "item_1": "Kit",
            "amount_1": "99",
        },
    )
    assert list(BudgetLine.objects.values_list("amount_pence", flat=True)) == [
        1_200_050,
        9_900,
    ]
    client.post(
        section("declarations"),
        {
            "declaration_accurate": "on",
            "declaration_eligible": "on",
            "declaration_data": "on",
        },
    )
    check = client.get(reverse("challenges:application_check", args=[pid]))
    assert "Submit application" in check.content.decode()
    response = client.post(reverse("challenges:application_check", args=[pid]))
    application.refresh_from_db()
    assert application.reference.startswith("CIC-")
    done = client.get(response["Location"]).content.decode()
    assert application.reference in done


def test_a_section_with_errors_shows_the_govuk_error_summary(
    client, draft_application, startup_member
):
    client.force_login(startup_member)
    response = client.post(
        reverse(
            "challenges:application_section",
            args=[draft_application.public_id, "solution"],
        ),
        {"solution_summary": "", "solution_description": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Your solution" in page
    assert 'href="#id_solution_summary"' in page
    assert "Enter your solution in one sentence" in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "must be an amount in pounds"),
        ("12.345", "must be an amount in pounds"),
        ("-5", "must be an amount in pounds"),
        ("0", "must be more than £0"),
        ("", "Enter the amount of cost 1"),
    ],
)
def test_budget_amounts_are_parsed_exactly_or_refused_clearly(
    client, draft_application, startup_member, amount, message
):
    client.force_login(startup_member)
    response = client.post(
        reverse(
            "challenges:application_section",
            args=[draft_application.public_id, "budget"],
        ),
        {"item_0": "Staff", "amount_0": amount},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_after_the_deadline_the_task_list_says_closed_and_saving_is_refused(
    client, draft_application, startup_member
):
    challenge = draft_application.challenge
    challenge.application_deadline = timezone.now() - datetime.timedelta(hours=1)
    challenge.save()
    client.force_login(startup_member)
    page = client.get(
        reverse("challenges:application", args=[draft_application.public_id])
    ).content.decode()
    assert "Closed for applications" in page
    response = client.post(
        reverse(
            "challenges:application_section",
            args=[draft_application.public_id, "team"],
        ),
        {"team_description": "Late"},
    )
    assert response.status_code == 302
    draft_application.refresh_from_db()
    assert draft_application.team_description == ""
    response = client.post(
        reverse("challenges:application_check", args=[draft_application.public_id])
    )
    draft_application.refresh_from_db()
    assert draft_application.status == Application.Status.DRAFT


def test_withdraw_asks_for_confirmation(client, submitted_application, startup_member):
    client.force_login(startup_member)
    url = reverse(
        "challenges:application_withdraw", args=[submitted_application.public_id]
    )
    assert "Withdraw your application?" in client.get(url).content.decode()
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.SUBMITTED
    assert client.post(url).status_code == 302
    submitted_application.refresh_from_db()
    assert submitted_application.status == Application.Status.WITHDRAWN


def test_someone_without_a_startup_is_sent_to_add_one(client, challenge, resident):
    client.force_login(resident)
    page = client.get(
        reverse("challenges:application_start", args=[challenge.slug])
    ).content.decode()
    assert reverse("civic:organisation_create") in page


def test_an_unverified_person_is_asked_to_confirm_their_email(
    client, challenge, unverified_resident
):
    client.force_login(unverified_resident)
    response = client.get(
        reverse("challenges:application_start", args=[challenge.slug])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("civic:verify_email_needed")


def test_my_applications_lists_only_my_startups_applications(
    client, submitted_application, startup_member, other_startup_member
):
    ApplicationFactory(challenge=submitted_application.challenge)
    client.force_login(startup_member)
    page = client.get(reverse("challenges:my_applications")).content.decode()
    assert submitted_application.reference in page
    client.force_login(other_startup_member)
    page = client.get(reverse("challenges:my_applications")).content.decode()
    assert submitted_application.reference not in page


# --- Query counts ---------------------------------------------------------------


def _add_applications(user, n):
    for _i in range(n):
        startup = OrganisationFactory(type=Organisation.Type.STARTUP)
        MembershipFactory(organisation=startup, user=user)
        application = ApplicationFactory(
            organisation=startup, challenge=ChallengeFactory()
        )
        BudgetLineFactory(application=application)


@pytest.mark.parametrize("n", [1, 8])
def test_my_applications_query_count_is_constant(
    client, django_assert_max_num_queries, n
):
    user = UserFactory()
    _add_applications(user, n)
    client.force_login(user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("challenges:my_applications")).status_code == 200


@pytest.mark.parametrize("n", [1, 8])
def test_application_pages_query_count_is_constant(
    client,
    django_assert_max_num_queries,
    submitted_application,
    startup_member,
    n,
    private_media,
):
    for i in range(n):
        BudgetLineFactory(application=submitted_application, item=f"Line {i}")
        attachment_add(
            application=submitted_application,
            user=startup_member,
            kind="evidence",
            uploaded=SimpleUploadedFile(f"e{i}.pdf", MINIMAL_PDF),
        )
    client.force_login(startup_member)
    pid = submitted_application.public_id
    for url in [
        reverse("challenges:application", args=[pid]),
        reverse("challenges:application_check", args=[pid]),
        reverse("challenges:application_section", args=[pid, "budget"]),
        reverse("challenges:application_section", args=[pid, "evidence"]),
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_startup_members_can_upload(
    client, as_persona, persona, submitted_application, private_media
):
    from challenges.models import Attachment

    as_persona(persona)
    response = client.post(
        reverse("challenges:attachment_upload", args=[submitted_application.public_id]),
        {
            "kind": "evidence",
            "file": SimpleUploadedFile("e.pdf", MINIMAL_PDF, "application/pdf"),
        },
    )
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona == "startup_member":
        assert response.status_code == 302
        assert Attachment.objects.count() == 1
    else:
        assert response.status_code == 404
        assert not Attachment.objects.exists()


def test_the_startup_sees_the_panels_decision_its_pitch_and_its_pilot(
    client, submitted_application, startup_member, challenge_manager
):
    from challenges.models import Pitch
    from challenges.tests.factories import PilotFactory

    url = reverse("challenges:application", args=[submitted_application.public_id])
    client.force_login(startup_member)
    assert "The panel's decision" not in client.get(url).content.decode()

    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.SHORTLISTED,
        decision_feedback="A strong plan for testing with residents.",
        decided_by=challenge_manager,
        decided_at=timezone.now(),
    )
    Pitch.objects.create(
        application=submitted_application,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="City Hall, Kamal Chunchie Way, E16 1ZE",
    )
    html = client.get(url).content.decode()
    assert "Shortlisted" in html
    assert "A strong plan for testing with residents." in html
    assert "City Hall, Kamal Chunchie Way" in html

    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.WINNER
    )
    pilot = PilotFactory(application=submitted_application)
    html = client.get(url).content.decode()
    assert "Winner" in html
    assert reverse("challenges:pilot_detail", args=[pilot.public_id]) in html
