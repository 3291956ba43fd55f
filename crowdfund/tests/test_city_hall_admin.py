"""City Hall pledges in the Wagtail admin: officers only."""

import pytest
from django.urls import reverse

from crowdfund.models import CityHallPledge
from crowdfund.services.city_hall import city_hall_pledge_create
from crowdfund.tests.factories import LiveProjectFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

PERSONAS = ["resident", "moderator", "superuser", "crowdfund_officer"]


def _login(client, request, persona):
    user = request.getfixturevalue(persona)
    if persona == "resident":
        client.force_login(user)
    else:
        force_login_with_mfa(client, user)
    return user


@pytest.fixture
def active(live_project, crowdfund_officer):
    return city_hall_pledge_create(
        project=live_project,
        amount_pence=300_000,
        condition="",
        min_crowd_percent=0,
        officer=crowdfund_officer,
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["list", "create", "withdraw"])
def test_only_officers_and_superusers_get_in(client, request, active, persona, name):
    _login(client, request, persona)
    args = [active.pk] if name == "withdraw" else []
    response = client.get(reverse(f"crowdfund_city_hall:{name}", args=args))
    if persona in ("resident", "moderator"):
        # Signed in without the right: refused (not sent to sign in again).
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def test_moderators_cannot_post_a_pledge(client, moderator, live_project):
    force_login_with_mfa(client, moderator)
    response = client.post(
        reverse("crowdfund_city_hall:create"),
        {"project": live_project.pk, "amount": "1000", "min_crowd_percent": "0"},
    )
    assert response.status_code == 403
    assert not CityHallPledge.objects.exists()


def test_an_officer_pledges_and_sees_it_listed(client, crowdfund_officer, live_project):
    force_login_with_mfa(client, crowdfund_officer)
    url = reverse("crowdfund_city_hall:create")
    html = client.get(url).content.decode()
    assert live_project.title in html
    assert "£7,500" in html  # the most City Hall can pledge: 75% of £10,000

    response = client.post(
        url,
        {
            "project": live_project.pk,
            "amount": "7,500.01",
            "condition": "",
            "min_crowd_percent": "0",
        },
    )
    assert response.status_code == 200
    assert "at most 75%" in response.content.decode()

    response = client.post(
        url,
        {
            "project": live_project.pk,
            "amount": "5000",
            "condition": "Once 25% is raised from the crowd",
            "min_crowd_percent": "25",
        },
    )
    assert response.status_code == 302
    pledge = CityHallPledge.objects.get()
    assert (pledge.amount_pence, pledge.min_crowd_percent) == (500_000, 25)
    html = client.get(reverse("crowdfund_city_hall:list")).content.decode()
    assert "£5,000" in html
    assert "Once 25% is raised from the crowd" in html


def test_form_errors_are_shown_not_a_500(client, crowdfund_officer, live_project):
    force_login_with_mfa(client, crowdfund_officer)
    response = client.post(
        reverse("crowdfund_city_hall:create"),
        {"project": "", "amount": "lots", "min_crowd_percent": "101"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a campaign" in html
    assert "Enter an amount in pounds and pence" in html
    assert "Enter a whole number between 0 and 100" in html


def test_an_officer_withdraws_with_a_reason(client, crowdfund_officer, active):
    force_login_with_mfa(client, crowdfund_officer)
    url = reverse("crowdfund_city_hall:withdraw", args=[active.pk])
    response = client.post(url, {"reason": ""})
    assert "Enter a reason for withdrawing the pledge" in response.content.decode()
    response = client.post(url, {"reason": "The site fell through"})
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.status == CityHallPledge.Status.WITHDRAWN


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_for_3_or_30(
    client, crowdfund_officer, count, django_assert_max_num_queries
):
    for _ in range(count):
        city_hall_pledge_create(
            project=LiveProjectFactory(),
            amount_pence=10_000,
            condition="",
            min_crowd_percent=0,
            officer=crowdfund_officer,
        )
    force_login_with_mfa(client, crowdfund_officer)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("crowdfund_city_hall:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_officers_see_who_pledged_even_anonymously(
    client, request, live_project, backer, persona
):
    from crowdfund.tests.factories import pledge_paid

    pledge_paid(project=live_project, backer=backer, is_anonymous=True)
    _login(client, request, persona)
    response = client.get(
        reverse("crowdfund_city_hall:crowd_pledges") + f"?project={live_project.pk}"
    )
    if persona in ("resident", "moderator"):
        assert response.status_code == 403
    else:
        html = response.content.decode()
        assert "Ben Backer" in html
        assert "backer@example.com" in html
        assert "Name hidden publicly" in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_crowd_pledge_list_costs_the_same_for_3_or_30(
    client, crowdfund_officer, live_project, count, django_assert_max_num_queries
):
    from crowdfund.tests.factories import PledgeFactory

    for _ in range(count):
        PledgeFactory(project=live_project)
    force_login_with_mfa(client, crowdfund_officer)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("crowdfund_city_hall:crowd_pledges"))
    assert response.status_code == 200


def test_a_percentage_without_words_gets_a_condition_the_public_can_read(
    client, crowdfund_officer, live_project
):
    force_login_with_mfa(client, crowdfund_officer)
    client.post(
        reverse("crowdfund_city_hall:create"),
        {"project": live_project.pk, "amount": "1000", "min_crowd_percent": "25"},
    )
    assert CityHallPledge.objects.get().condition == (
        "Paid once 25% of the target is raised from the crowd"
    )


@pytest.mark.parametrize(
    ("persona", "shown"), [("moderator", False), ("crowdfund_officer", True)]
)
def test_the_menu_item_is_shown_to_officers_only(client, request, persona, shown):
    _login(client, request, persona)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse("crowdfund_city_hall:list") in html) == shown


def test_the_menu_item_works_inside_a_menu_group(rf, crowdfund_officer, moderator):
    from wagtail.admin.menu import WagtailMenuRegisterableGroup

    from crowdfund.wagtail_pledges import CityHallMenu

    class Group(WagtailMenuRegisterableGroup):
        menu_label = "Crowdfund London"
        menu_name = "crowdfund"
        items = (CityHallMenu,)

    submenu = Group().get_menu_item().menu
    request = rf.get("/admin/")
    request.user = crowdfund_officer
    assert [item.name for item in submenu.menu_items_for_request(request)] == [
        "crowdfund-city-hall-pledges"
    ]
    request.user = moderator
    assert submenu.menu_items_for_request(request) == []
