""" "Download my data" and "Delete my account", across civic, Talk London and
Crowdfund London: the person is made with activity everywhere, then deleted
through the page, and the whole database is searched for them afterwards."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from civic.models import OrganisationMembership, Report, User
from civic.services import moderation
from civic.services.email import email_send_rendered
from civic.services.privacy import account_export
from civic.services.privacy import sections as privacy_sections
from civic.tests.factories import (
    DEFAULT_PASSWORD,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    borough,
)
from crowdfund.models import Pledge, Project, TeamMember
from crowdfund.tests.factories import (
    NeedFactory,
    NeedOfferFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    TeamMemberFactory,
    pledge_counted,
)
from talk_london.models import (
    AboutYou,
    Answer,
    Poll,
    PollOption,
    PollVote,
    Post,
    Response,
)
from talk_london.models.about_you import Disability, EthnicGroup
from talk_london.services import surveys as survey_services
from talk_london.services.discussions import post_agree
from talk_london.tests.factories import (
    AboutYouFactory,
    PostFactory,
    SurveyFactory,
    ThreadFactory,
    add_question,
)
from tests.data_rights import find_in_database, personal_strings
from tests.fixtures import add_totp

NAME = "Priya Patelworth"
EMAIL = "priya.patelworth@example.org"
WORK_EMAIL = "priya.at.work@example.net"


@dataclass
class Activity:
    user: User
    other: User
    thread_url: str
    funded: Project
    completed: Project
    draft_pk: int
    closed_response_pk: int
    open_response_pk: int


def _answered_survey(user, *, text: str, close: bool) -> Response:
    survey = SurveyFactory()
    question = add_question(survey, "long_text", "What would make your area better?")
    response = survey_services.response_start(survey=survey, user=user)
    survey_services.answer_save(
        response=response,
        question=question,
        value=survey_services.AnswerValue(options=[], text=text),
    )
    survey_services.response_submit(response=response)
    if close:
        now = timezone.now()
        type(survey).objects.filter(pk=survey.pk).update(
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now - datetime.timedelta(days=1),
        )
    return response


def make_active_person() -> Activity:
    """Someone who has done a bit of everything, next to someone who has not
    deleted anything."""
    other = UserFactory(email="omar.other@example.org", display_name="Omar Otherton")
    moderator = add_totp(UserFactory(groups=["Moderators"]))
    user = UserFactory(email=EMAIL, display_name=NAME, postcode="SE15 4QF")
    user.borough = borough("Southwark")
    user.save()
    EmailAddress.objects.create(user=user, email=WORK_EMAIL, verified=False)
    add_totp(user)

    # civic: organisations, an invitation to them, a report they made.
    owned = OrganisationFactory(name="Peckham Growers")
    MembershipFactory(organisation=owned, user=user, role="owner")
    MembershipFactory(organisation=owned, user=other, role="member")
    InvitationFactory(email=WORK_EMAIL, invited_by=other)
    Report.objects.create(
        content_object=OrganisationFactory(),
        reporter=user,
        reason=Report.Reason.SPAM,
        note=f"Reported by {NAME}",
    )

    # Talk London: membership, "about you", discussions, surveys, a poll.
    AboutYouFactory(
        user=user, ethnic_group=EthnicGroup.ASIAN, disability=Disability.YES
    )
    thread = ThreadFactory(author=user, title="Keeping the library open")
    PostFactory(
        thread=thread,
        author=user,
        body_source=f"I'm {NAME} and I use the library every week.",
    )
    PostFactory(thread=thread, author=other, body_source="Me too, every Saturday.")
    post_agree(post=PostFactory(thread=thread, author=other), user=user)
    moderation.content_hide(
        obj=thread, moderator=moderator, reason=f"Checking a complaint about {NAME}"
    )
    moderation.content_restore(obj=thread, moderator=moderator, reason="All fine")
    closed = _answered_survey(user, text=f"Ask {NAME} about the bins", close=True)
    open_ = _answered_survey(user, text="More benches, please", close=False)
    poll = Poll.objects.create(question="Should the park open later?", slug="park")
    yes = PollOption.objects.create(poll=poll, text="Yes")
    PollVote.objects.create(poll=poll, option=yes, user=user)

    # Crowdfund: pledges to a funded campaign, projects, an update, an offer.
    funded = ProjectFactory(created_by=other, title="Bellenden Road planters")
    Project.objects.filter(pk=funded.pk).update(
        status=Project.Status.LIVE,
        target_pence=10_000,
        live_at=timezone.now() - datetime.timedelta(days=40),
        deadline=timezone.now() + datetime.timedelta(days=1),
    )
    funded.refresh_from_db()
    for backer, amount in ((user, 5_000), (other, 7_500), (user, 2_500)):
        pledge_counted(
            project=funded,
            backer=backer,
            amount_pence=amount,
            message=f"From {backer.display_name}",
        )
    Pledge.objects.filter(project=funded).update(status=Pledge.Status.COLLECTED)
    Project.objects.filter(pk=funded.pk).update(status=Project.Status.DELIVERING)
    NeedOfferFactory(need=NeedFactory(project=funded), user=user, message="I can dig")

    completed = ProjectFactory(
        created_by=user,
        title="Rye Lane murals",
        description=f"Started by {NAME} with neighbours.",
        status=Project.Status.COMPLETED,
    )
    TeamMemberFactory(project=completed, user=other)
    ProjectUpdateFactory(
        project=completed, author=user, body=f"Thanks from {NAME}, we did it."
    )
    draft = ProjectFactory(created_by=user, title="A bench for Goose Green")

    # An email to them alone, and one to them and someone else.
    email_send_rendered(to=[EMAIL], subject=f"Hello {NAME}", body=f"Dear {NAME}")
    email_send_rendered(
        to=[WORK_EMAIL, "omar.other@example.org"],
        subject="Your team",
        body=f"{NAME} and Omar Otherton, thank you.",
    )

    client = Client()
    client.force_login(user)  # a session somewhere else, ended by deletion
    return Activity(
        user=user,
        other=other,
        thread_url=thread.get_absolute_url(),
        funded=funded,
        completed=completed,
        draft_pk=draft.pk,
        closed_response_pk=closed.pk,
        open_response_pk=open_.pk,
    )


def _delete_through_the_page(user) -> Client:
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("civic:account_delete"),
        {"password": DEFAULT_PASSWORD, "confirm": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("civic:account_deleted")
    return client


@pytest.mark.django_db
def test_deleting_an_account_leaves_nothing_that_names_the_person():
    activity = make_active_person()
    user = activity.user
    strings = personal_strings(user, WORK_EMAIL)
    assert {EMAIL, WORK_EMAIL, NAME} <= set(strings)
    assert find_in_database(strings), "the search finds the person before deletion"
    client = _delete_through_the_page(user)

    hits = find_in_database(strings)
    assert not hits, "\n".join(str(hit) for hit in hits)
    assert not User.objects.filter(pk=user.pk).exists()
    # Signed out here and in every other session.
    assert client.get(reverse("civic:account")).status_code == 302
    assert all(
        s.get_decoded().get("_auth_user_id") != str(user.pk)
        for s in Session.objects.all()
    )
    assert client.get(reverse("civic:account_deleted")).status_code == 200


@pytest.mark.django_db
def test_deletion_keeps_pledge_totals_and_shows_posts_as_a_former_member():
    activity = make_active_person()
    user = activity.user
    funded_before = Project.objects.values(
        "crowd_pence", "backer_count", "city_hall_pence"
    ).get(pk=activity.funded.pk)
    pledged_before = sorted(
        Pledge.objects.filter(project=activity.funded).values_list(
            "amount_pence", "created_at", "confirmed_at", "status"
        )
    )

    _delete_through_the_page(user)

    assert (
        Project.objects.values("crowd_pence", "backer_count", "city_hall_pence").get(
            pk=activity.funded.pk
        )
        == funded_before
    )
    assert (
        sorted(
            Pledge.objects.filter(project=activity.funded).values_list(
                "amount_pence", "created_at", "confirmed_at", "status"
            )
        )
        == pledged_before
    )
    assert (
        Pledge.objects.filter(backer=None, is_anonymous=True, message="").count() == 2
    )

    page = Client().get(activity.thread_url).content.decode()
    assert "A former member" in page
    assert "I use the library every week." in page
    assert Post.objects.filter(author=None).count() == 1

    # Special category answers are gone; the closed survey's answers stay
    # without the person, the open survey's are withdrawn.
    assert not AboutYou.objects.exists()
    kept = Response.objects.get(pk=activity.closed_response_pk)
    assert kept.user_id is None
    assert (
        Answer.objects.get(response=kept).text_value == "Ask [removed] about the bins"
    )
    assert not Response.objects.filter(pk=activity.open_response_pk).exists()
    assert PollVote.objects.filter(user=None).count() == 1

    # Projects: the draft only they worked on went; the completed one passed
    # to the rest of its team.
    assert not Project.objects.filter(pk=activity.draft_pk).exists()
    completed = Project.objects.get(pk=activity.completed.pk)
    assert completed.created_by == activity.other
    assert TeamMember.objects.get(project=completed).role == "creator"
    assert completed.description == "Started by [removed] with neighbours."

    # The organisation they owned passed to its other member.
    assert OrganisationMembership.objects.get(user=activity.other).role == "owner"

    # The audit log says an account was deleted, without saying whose.
    entry = ModelLogEntry.objects.get(action="civic.account_delete")
    assert entry.label == "A former member"
    assert entry.object_id == str(user.pk)


@pytest.mark.django_db
def test_export_has_every_section_and_nothing_of_anyone_else():
    activity = make_active_person()
    # The other person has things of their own in every app.
    PostFactory(author=activity.other, body_source="Omar's secret opinion")

    data = account_export(user=activity.user)
    text = json.dumps(data)

    sections = data["sections"]
    # Every registered section (other apps' too), the account's own first.
    assert list(sections) == [str(s.section) for s in privacy_sections()]
    assert list(sections)[0] == "Your account"
    assert {"Crowdfund London", "Talk London"} <= set(sections)
    account = sections["Your account"]
    assert account["Profile"][0]["Email address"] == EMAIL
    assert account["Profile"][0]["Borough"] == "Southwark"
    assert {a["Email address"] for a in account["Email addresses"]} == {
        EMAIL,
        WORK_EMAIL,
    }
    assert account["Organisations"][0]["Organisation"] == "Peckham Growers"
    assert account["Invitations to join an organisation"][0]["Sent to"] == WORK_EMAIL
    assert account["Reports you made to the moderators"][0]["Reason"]
    assert account["Two-factor authentication"][0]["Type"]
    assert account["Signed-in sessions"]
    talk = sections["Talk London"]
    assert talk["About you"][0]["Ethnic group"]
    assert talk["Threads you started"][0]["Title"] == "Keeping the library open"
    assert any("library every week" in p["Post"] for p in talk["Your posts"])
    assert len(talk["Posts you agree with"]) == 1
    answers = [a["Answer"] for r in talk["Survey answers"] for a in r["Answers"]]
    assert f"Ask {NAME} about the bins" in answers
    assert talk["Poll votes"][0]["Answer"] == "Yes"
    crowdfund = sections["Crowdfund London"]
    assert sorted(p["Amount in pence"] for p in crowdfund["Pledges"]) == [2_500, 5_000]
    assert {p["Project"] for p in crowdfund["Projects you started"]} == {
        "Rye Lane murals",
        "A bench for Goose Green",
    }
    assert crowdfund["Project updates you wrote"][0]["Update"].startswith("Thanks")
    assert crowdfund["Offers of help"][0]["Your offer"] == "I can dig"

    # Nothing of the other person: not their name, email or words, and never
    # an authenticator's secret.
    for theirs in (
        "omar.other@example.org",
        "Omar Otherton",
        "Me too, every Saturday",
        "Omar's secret opinion",
        "secret",
    ):
        assert theirs.lower() not in text.lower(), theirs


@pytest.mark.django_db
def test_downloads_are_files_of_the_signed_in_persons_data(client):
    activity = make_active_person()
    client.force_login(activity.user)

    page = client.get(reverse("civic:your_data"))
    assert page.status_code == 200
    assert "Talk London" in page.content.decode()

    as_json = client.get(reverse("civic:your_data_json"))
    assert as_json.status_code == 200
    assert as_json["Content-Disposition"].startswith("attachment;")
    assert "no-store" in as_json["Cache-Control"]
    assert (
        json.loads(as_json.content)["sections"]["Your account"]["Profile"][0][
            "Display name"
        ]
        == NAME
    )

    as_html = client.get(reverse("civic:your_data_html"))
    assert as_html.status_code == 200
    assert as_html["Content-Disposition"].endswith('.html"')
    html = as_html.content.decode()
    assert "<style>" in html and 'href="/static' not in html
    assert html.count('<h2 class="govuk-heading-l"') == len(privacy_sections())
    assert NAME in html and "Keeping the library open" in html
    assert "Omar Otherton" not in html


@pytest.mark.django_db
def test_downloads_need_signing_in(client):
    for name in ("civic:your_data", "civic:your_data_json", "civic:your_data_html"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_wrong_password_or_no_tick_shows_errors_and_deletes_nothing(client):
    user = UserFactory(email=EMAIL, display_name=NAME)
    client.force_login(user)

    response = client.post(reverse("civic:account_delete"), {"password": "wrong"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert 'href="#id_password"' in page and 'href="#id_confirm"' in page
    assert "Confirm that you understand deleting your account cannot be undone" in page
    assert User.objects.filter(pk=user.pk).exists()

    empty = client.post(reverse("civic:account_delete"), {})
    assert "Enter your password" in empty.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_page_warns_what_goes_and_what_is_kept(client):
    client.force_login(UserFactory())
    page = client.get(reverse("civic:account_delete")).content.decode()
    assert "govuk-warning-text" in page
    assert "a former member" in page
    assert "financial records" in page
    assert 'name="password"' in page


@pytest.mark.django_db
def test_staff_accounts_are_not_deleted_here(client):
    staff = add_totp(UserFactory(groups=["Moderators"]))
    client.force_login(staff)

    page = client.get(reverse("civic:account_delete")).content.decode()
    assert "You cannot delete your account yet" in page
    assert 'name="password"' not in page

    response = client.post(
        reverse("civic:account_delete"),
        {"password": DEFAULT_PASSWORD, "confirm": "on"},
    )
    assert response.status_code == 200
    assert User.objects.filter(pk=staff.pk).exists()


@pytest.mark.django_db
def test_a_refusal_from_an_app_leaves_everything_in_place(client):
    """A live campaign run alone, holding someone else's pledge: refused,
    with what to do, and nothing is changed."""
    from crowdfund.tests.factories import LiveProjectFactory

    user = UserFactory(email=EMAIL, display_name=NAME)
    AboutYouFactory(user=user)
    live = LiveProjectFactory(created_by=user, title="Nunhead orchard")
    pledge_counted(project=live, backer=UserFactory())
    client.force_login(user)

    response = client.post(
        reverse("civic:account_delete"),
        {"password": DEFAULT_PASSWORD, "confirm": "on"},
    )

    assert response.status_code == 200
    assert "Nunhead orchard" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert AboutYou.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_a_moderators_export_does_not_name_the_people_they_acted_on():
    moderator = add_totp(UserFactory(groups=["Moderators"]))
    suspended = UserFactory(display_name="Sid Suspendedson")
    moderation.user_suspend(user=suspended, moderator=moderator, reason="Spam")

    data = account_export(user=moderator)

    done = data["sections"]["Your account"]["Audit log: what you did"]
    assert [entry["About"] for entry in done] == ["another person's account"]
    assert "Suspendedson" not in json.dumps(data)
