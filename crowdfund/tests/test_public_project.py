"""The campaign page: who sees what, what it shows, and that its cost does not
grow with the number of pledges and updates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.tests.factories import OrganisationFactory, UserFactory
from crowdfund.models import CityHallPledge, Pledge, Project
from crowdfund.tests.factories import (
    CityHallPledgeFactory,
    NeedFactory,
    PledgeFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    pledge_counted,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def _url(project):
    return reverse("crowdfund:project_detail", kwargs={"slug": project.slug})


def _login(client, user):
    if user.groups.exists():
        force_login_with_mfa(client, user)
    else:
        client.force_login(user)


PERSONAS = [
    "anonymous",
    "resident_creator",
    "other_resident",
    "team_member",
    "org_member",
    "crowdfund_officer",
    "moderator",
]


@pytest.fixture
def persona(request, client, live_project, team_member, org_member):
    """Signs in as the named persona (``resident`` created ``live_project``)."""

    def sign_in(name):
        if name == "anonymous":
            return None
        fixture = "resident" if name == "resident_creator" else name
        user = request.getfixturevalue(fixture)
        _login(client, user)
        return user

    return sign_in


PUBLIC_STATUSES = ["live", "funded", "unfunded", "delivering", "completed"]
PRIVATE_STATUSES = ["draft", "in_review", "changes_requested", "rejected"]
SEES_PREVIEW = {"resident_creator", "team_member", "crowdfund_officer"}


@pytest.mark.parametrize("status", PUBLIC_STATUSES)
@pytest.mark.parametrize("who", PERSONAS)
def test_public_projects_are_public_to_everyone(
    client, persona, live_project, who, status
):
    Project.objects.filter(pk=live_project.pk).update(status=status)
    persona(who)
    response = client.get(_url(live_project))
    assert response.status_code == 200
    assert "Not public" not in response.content.decode()


@pytest.mark.parametrize("status", PRIVATE_STATUSES)
@pytest.mark.parametrize("who", PERSONAS)
def test_drafts_and_projects_in_review_are_a_preview_for_team_and_officers_only(
    client, persona, live_project, who, status
):
    Project.objects.filter(pk=live_project.pk).update(status=status)
    persona(who)
    response = client.get(_url(live_project))
    if who in SEES_PREVIEW:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Not public" in page
        assert '<meta name="robots" content="noindex">' in page
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_a_hidden_project_is_404_for_the_public(client, persona, live_project, who):
    Project.objects.filter(pk=live_project.pk).update(is_hidden=True)
    persona(who)
    response = client.get(_url(live_project))
    if who in SEES_PREVIEW:
        assert response.status_code == 200
        assert "A moderator has hidden this project" in response.content.decode()
    else:
        assert response.status_code == 404


def test_unknown_project_is_404(client, db):
    response = client.get(reverse("crowdfund:project_detail", args=["nope"]))
    assert response.status_code == 404


def test_campaign_page_shows_progress_city_hall_budget_and_team(client, live_project):
    for _ in range(3):
        pledge_counted(project=live_project, amount_pence=100_000)
    CityHallPledgeFactory(
        project=live_project,
        amount_pence=1_100_000,
        condition="Released once 25% is raised from the crowd.",
    )
    Project.objects.filter(pk=live_project.pk).update(city_hall_pence=1_100_000)
    CityHallPledgeFactory(
        project=live_project,
        amount_pence=700_000,
        status=CityHallPledge.Status.WITHDRAWN,
    )
    page = client.get(_url(live_project)).content.decode()
    # £3,000 crowd + £11,000 City Hall of £10,000 target
    assert "£14,000" in page
    assert "140% funded" in page
    assert '<progress class="london-progress__bar' in page
    assert 'value="100"' in page
    assert "3 backers" in page
    assert "days left" in page
    assert "The Mayor of London has pledged £11,000" in page
    assert "Released once 25% is raised from the crowd." in page
    assert "£7,000" not in page  # a withdrawn City Hall pledge is not shown
    assert "Tools and materials" in page and "£6,000" in page
    assert "Target" in page and "£10,000" in page
    assert "Rita Resident" in page  # the creator's display name
    assert "resident@example.com" not in page
    assert live_project.organisation.name in page
    assert reverse("crowdfund:pledge_start", args=[live_project.slug]) in page


def test_ended_campaign_shows_the_end_date_and_no_pledge_button(client, live_project):
    ended = timezone.now() - datetime.timedelta(days=2)
    Project.objects.filter(pk=live_project.pk).update(
        status=Project.Status.FUNDED, deadline=ended
    )
    page = client.get(_url(live_project)).content.decode()
    assert "Ended on" in page
    assert reverse("crowdfund:pledge_start", args=[live_project.slug]) not in page


def test_anonymous_backers_messages_never_show_the_name(client, live_project):
    named = UserFactory(display_name="Nadia Named")
    hidden_name = UserFactory(display_name="Secret Sam", email="sam@example.com")
    pledge_counted(project=live_project, backer=named, message="Go for it")
    pledge_counted(
        project=live_project,
        backer=hidden_name,
        message="Quietly backing this",
        is_anonymous=True,
    )
    page = client.get(_url(live_project)).content.decode()
    assert "Nadia Named" in page and "Go for it" in page
    assert "Quietly backing this" in page
    assert "Anonymous" in page
    assert "Secret Sam" not in page
    assert "sam@example.com" not in page


def test_hidden_and_uncounted_messages_are_not_shown(client, live_project):
    pledge_counted(project=live_project, message="Hidden by a moderator")
    Pledge.objects.filter(message="Hidden by a moderator").update(is_hidden=True)
    PledgeFactory(project=live_project, message="Cancelled pledge", status="cancelled")
    page = client.get(_url(live_project)).content.decode()
    assert "Hidden by a moderator" not in page
    assert "Cancelled pledge" not in page


def test_needs_link_to_offer_help(client, live_project):
    need = NeedFactory(project=live_project, description="Ten volunteers")
    NeedFactory(project=live_project, description="Already sorted", is_met=True)
    page = client.get(_url(live_project)).content.decode()
    assert "Ten volunteers" in page
    assert "Already sorted" not in page
    assert reverse("crowdfund:need_offer", args=[live_project.slug, need.pk]) in page


def test_updates_newest_first_and_paginated(client, live_project):
    for i in range(7):
        update = ProjectUpdateFactory(project=live_project, title=f"Update number {i}")
        live_project.updates.filter(pk=update.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=10 - i)
        )
    page = client.get(_url(live_project)).content.decode()
    assert page.index("Update number 6") < page.index("Update number 5")
    assert "Update number 1" not in page
    page2 = client.get(_url(live_project) + "?updates=2").content.decode()
    assert "Update number 1" in page2 and "Update number 6" not in page2


def test_share_links_and_open_graph(client, live_project):
    page = client.get(_url(live_project)).content.decode()
    assert f'<meta property="og:title" content="{live_project.title}">' in page
    assert '<meta name="twitter:card"' in page
    assert "mailto:?subject=" in page
    assert "twitter.com/intent/tweet" in page
    assert "facebook.com/sharer" in page
    assert "wa.me/?text=" in page
    assert 'id="share-url"' in page
    assert "<script" not in page.split("</main>")[0].split("<main")[1]


def test_report_links_use_civic_moderation(client, live_project, other_resident):
    pledge = pledge_counted(project=live_project, message="Nice")
    client.force_login(other_resident)
    page = client.get(_url(live_project)).content.decode()
    assert reverse("civic:report", args=["crowdfund.project", live_project.pk]) in page
    assert reverse("civic:report", args=["crowdfund.pledge", pledge.pk]) in page
    response = client.get(reverse("civic:report", args=["crowdfund.pledge", pledge.pk]))
    assert response.status_code == 200
    assert "Pledge message of support" in response.content.decode()


def test_a_project_without_organisation_or_borough_still_renders(client, db):
    project = ProjectFactory(
        status=Project.Status.COMPLETED, organisation=None, borough=None, theme=None
    )
    assert client.get(_url(project)).status_code == 200


def _fill(project, n):
    for i in range(n):
        pledge_counted(
            project=project, message=f"Message {i}", is_anonymous=bool(i % 2)
        )
        ProjectUpdateFactory(project=project)
    NeedFactory(project=project)
    CityHallPledgeFactory(project=project)


@pytest.mark.parametrize("n", [5, 60])
def test_campaign_page_query_count_does_not_grow(
    client, django_assert_max_num_queries, n, resident, funding_round
):
    project = ProjectFactory(
        status=Project.Status.LIVE,
        target_pence=1_000_000,
        live_at=timezone.now(),
        deadline=timezone.now() + datetime.timedelta(days=10),
        organisation=OrganisationFactory(),
    )
    _fill(project, n)
    client.force_login(resident)
    with django_assert_max_num_queries(14):
        response = client.get(_url(project))
    assert response.status_code == 200


def test_images_have_alt_text_and_feed_the_link_preview(
    client, live_project, settings, tmp_path
):
    from crowdfund.demo import demo_image
    from crowdfund.models import ProjectImage

    settings.MEDIA_ROOT = tmp_path
    image = ProjectImage.objects.create(
        project=live_project,
        image=demo_image("orchard"),
        alt_text="Fruit trees on a slope",
    )
    page = client.get(_url(live_project)).content.decode()
    assert f'src="{image.image.url}" alt="Fruit trees on a slope"' in page
    assert '<meta property="og:image" content="http://testserver/media/' in page
    assert '<meta property="og:image:alt" content="Fruit trees on a slope">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_a_hidden_live_project_offers_its_team_no_pledge_button(client, live_project):
    Project.objects.filter(pk=live_project.pk).update(is_hidden=True)
    client.force_login(live_project.created_by)
    page = client.get(_url(live_project)).content.decode()
    assert "Not public" in page
    assert reverse("crowdfund:pledge_start", args=[live_project.slug]) not in page
