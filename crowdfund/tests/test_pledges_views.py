"""The pledge pages: the form, the return from the payment page, the
confirmation, "Your pledges" and cancelling; who may see what."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from crowdfund.models import Pledge, Project
from crowdfund.payments.offline import (
    AUTH_TIMEOUT_CARD,
    DECLINED_CARD,
    GOOD_CARD,
    OfflineGateway,
)
from crowdfund.tests.factories import LiveProjectFactory, PledgeFactory, pledge_paid

pytestmark = pytest.mark.django_db


def _form(client, project):
    html = client.get(reverse("crowdfund:pledge_start", args=[project.slug])).content
    return re.search(r'name="idempotency_key" value="([^"]+)"', html.decode()).group(1)


def _post(client, project, key, **overrides):
    data = {"amount": "25", "is_anonymous": "no", "message": "", "idempotency_key": key}
    data.update(overrides)
    return client.post(reverse("crowdfund:pledge_start", args=[project.slug]), data)


# --- The form ------------------------------------------------------------------


def test_the_form_carries_a_new_key_each_time(client, backer, live_project):
    client.force_login(backer)
    assert _form(client, live_project) != _form(client, live_project)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Enter an amount to pledge"),
        ("1.99", "Enter an amount of at least £2"),
        ("5000.01", "Enter an amount of £5,000 or less"),
        ("ten", "Enter an amount in pounds and pence, like 25 or 12.50"),
        ("2.505", "Enter an amount in pounds and pence, like 25 or 12.50"),
    ],
)
def test_amount_errors(client, backer, live_project, amount, message):
    client.force_login(backer)
    response = _post(client, live_project, _form(client, live_project), amount=amount)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'href="#id_amount"' in html
    assert "<title>Error:" in html
    assert not Pledge.objects.exists()


def test_anonymity_must_be_chosen(client, backer, live_project):
    client.force_login(backer)
    response = _post(client, live_project, _form(client, live_project), is_anonymous="")
    assert "Select yes if you want to hide your name" in response.content.decode()


def test_a_forged_key_is_an_error_not_a_500(client, backer, live_project):
    client.force_login(backer)
    response = _post(client, live_project, "not-a-uuid")
    assert response.status_code == 200
    assert not Pledge.objects.exists()


def test_amounts_with_pounds_sign_and_commas(client, backer, live_project):
    client.force_login(backer)
    _post(client, live_project, _form(client, live_project), amount="£1,250.50")
    assert Pledge.objects.get().amount_pence == 125_050


def test_the_whole_journey_with_a_declined_card_first(client, backer, live_project):
    client.force_login(backer)
    key = _form(client, live_project)
    response = _post(client, live_project, key, amount="40", is_anonymous="yes")
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.is_anonymous
    assert response["Location"].startswith(
        reverse("crowdfund:payments_offline", args=[pledge.payment_reference])
    )

    # Declined.
    OfflineGateway().submit_card(pledge, DECLINED_CARD)
    response = client.get(reverse("crowdfund:pledge_return", args=[pledge.public_id]))
    assert response.status_code == 200
    assert "Your card was declined" in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()  # "Try again" posts

    # Try again: a new payment for the same pledge.
    response = client.post(reverse("crowdfund:pledge_pay", args=[pledge.public_id]))
    pledge.refresh_from_db()
    assert response["Location"].startswith(
        reverse("crowdfund:payments_offline", args=[pledge.payment_reference])
    )
    OfflineGateway().submit_card(pledge, GOOD_CARD)
    response = client.get(reverse("crowdfund:pledge_return", args=[pledge.public_id]))
    assert response["Location"] == reverse(
        "crowdfund:pledge_detail", args=[pledge.public_id]
    )
    response = client.get(response["Location"])
    html = response.content.decode()
    assert "Pledge confirmed" in html
    assert "£40" in html
    live_project.refresh_from_db()
    assert live_project.crowd_pence == 4_000
    assert Pledge.objects.count() == 1

    # The same form sent again (a double click) makes no new pledge.
    response = _post(client, live_project, key, amount="40", is_anonymous="yes")
    assert response["Location"] == reverse(
        "crowdfund:pledge_detail", args=[pledge.public_id]
    )
    assert Pledge.objects.count() == 1


def test_the_same_form_twice_before_paying_is_one_pledge(client, backer, live_project):
    client.force_login(backer)
    key = _form(client, live_project)
    _post(client, live_project, key)
    _post(client, live_project, key)
    assert Pledge.objects.count() == 1


def test_the_same_key_with_another_amount_is_refused_clearly(
    client, backer, live_project
):
    client.force_login(backer)
    key = _form(client, live_project)
    _post(client, live_project, key, amount="25")
    response = _post(client, live_project, key, amount="30")
    assert "already used for a different pledge" in response.content.decode()
    assert Pledge.objects.count() == 1


def test_a_timeout_says_we_could_not_confirm(client, backer, live_project):
    client.force_login(backer)
    _post(client, live_project, _form(client, live_project))
    pledge = Pledge.objects.get()
    OfflineGateway().submit_card(pledge, AUTH_TIMEOUT_CARD)
    response = client.get(reverse("crowdfund:pledge_return", args=[pledge.public_id]))
    assert "We could not confirm your payment" in response.content.decode()


def test_coming_back_without_paying(client, backer, live_project):
    client.force_login(backer)
    _post(client, live_project, _form(client, live_project))
    pledge = Pledge.objects.get()
    response = client.get(reverse("crowdfund:pledge_return", args=[pledge.public_id]))
    assert "You have not finished paying" in response.content.decode()


def test_a_closed_campaign_says_so(client, backer, live_project):
    Project.objects.filter(pk=live_project.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(backer)
    response = client.get(reverse("crowdfund:pledge_start", args=[live_project.slug]))
    assert response.status_code == 403
    assert "not taking pledges" in response.content.decode()


def test_drafts_are_not_found(client, backer, draft_project):
    client.force_login(backer)
    url = reverse("crowdfund:pledge_start", args=[draft_project.slug])
    assert client.get(url).status_code == 404


def test_an_unverified_person_is_asked_to_verify(
    client, unverified_resident, live_project
):
    client.force_login(unverified_resident)
    response = client.get(reverse("crowdfund:pledge_start", args=[live_project.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("civic:verify_email_needed")


# --- Who may see a pledge --------------------------------------------------------

PERSONAS = ["anonymous", "backer", "other_resident", "team_member", "crowdfund_officer"]


@pytest.fixture
def pledge(live_project, backer):
    return pledge_paid(project=live_project, backer=backer)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("crowdfund:pledge_detail", "get"),
        ("crowdfund:pledge_return", "get"),
        ("crowdfund:pledge_cancel", "get"),
        ("crowdfund:pledge_cancel", "post"),
        ("crowdfund:pledge_pay", "post"),
    ],
)
def test_only_the_backer_reaches_their_pledge(
    client, request, pledge, persona, name, method
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(reverse(name, args=[pledge.public_id]))
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona == "backer":
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404
    pledge.refresh_from_db()
    expected = (
        Pledge.Status.CANCELLED
        if persona == "backer" and method == "post" and "cancel" in name
        else Pledge.Status.CONFIRMED
    )
    assert pledge.status == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_signed_in_and_verified_can_open_the_form(
    client, request, live_project, persona
):
    if persona == "team_member":
        request.getfixturevalue("team_member")
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("crowdfund:pledge_start", args=[live_project.slug]))
    assert response.status_code == (302 if persona == "anonymous" else 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_your_pledges_lists_only_your_own(client, request, pledge, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("crowdfund:my_pledges"))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert (pledge.project.title in html) == (persona == "backer")


@pytest.mark.parametrize(
    ("local", "text"),
    [
        ((2027, 1, 5, 18, 29), "6:29pm on 5 January 2027"),
        ((2027, 1, 5, 9, 5), "9:05am on 5 January 2027"),
        ((2027, 1, 5, 0, 0), "midnight on 5 January 2027"),
        ((2027, 1, 5, 12, 0), "midday on 5 January 2027"),
        ((2027, 7, 5, 12, 30), "12:30pm on 5 July 2027"),
    ],
)
def test_deadlines_are_written_in_govuk_style(local, text):
    from crowdfund.templatetags.crowdfund_public import deadline_text

    value = timezone.make_aware(datetime.datetime(*local))
    assert deadline_text(value) == text


def test_the_form_says_when_the_campaign_ends_without_a_doubled_full_stop(
    client, backer, live_project
):
    client.force_login(backer)
    html = client.get(
        reverse("crowdfund:pledge_start", args=[live_project.slug])
    ).content.decode()
    ends = timezone.localtime(live_project.deadline)
    assert f"on {ends.day} {ends:%B %Y}. It is all or nothing" in html
    assert "m.." not in html


# --- Cancelling -------------------------------------------------------------------


def test_cancel_page_then_cancel(
    client, backer, pledge, django_capture_on_commit_callbacks
):
    client.force_login(backer)
    url = reverse("crowdfund:pledge_cancel", args=[pledge.public_id])
    assert "Are you sure" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse(
        "crowdfund:pledge_detail", args=[pledge.public_id]
    )
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED
    assert any("You cancelled" in m.subject for m in mail.outbox)
    html = client.get(response["Location"]).content.decode()
    assert "Cancelled" in html
    assert "Cancel this pledge" not in html


def test_no_cancelling_after_the_deadline(client, backer, pledge):
    Project.objects.filter(pk=pledge.project_id).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(backer)
    url = reverse("crowdfund:pledge_cancel", args=[pledge.public_id])
    client.post(url)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED


# --- Query counts -------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 50])
def test_your_pledges_costs_the_same_for_5_or_50(
    client, backer, count, django_assert_max_num_queries
):
    projects = [LiveProjectFactory() for _ in range(3)]
    for i in range(count):
        PledgeFactory(backer=backer, project=projects[i % 3])
    client.force_login(backer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("crowdfund:my_pledges"))
    assert response.status_code == 200
    assert response.content.decode().count("govuk-table__row") == min(count, 20) + 1


@pytest.mark.parametrize("count", [5, 50])
def test_the_pledge_form_costs_the_same_for_5_or_50(
    client, backer, live_project, count, django_assert_max_num_queries
):
    for _ in range(count):
        PledgeFactory(project=live_project)
    client.force_login(backer)
    with django_assert_max_num_queries(6):
        client.get(reverse("crowdfund:pledge_start", args=[live_project.slug]))
    with django_assert_max_num_queries(8):
        client.get(
            reverse(
                "crowdfund:pledge_detail",
                args=[PledgeFactory(project=live_project, backer=backer).public_id],
            )
        )


def test_the_pledge_page_shows_what_was_chosen(client, backer, live_project):
    pledge = pledge_paid(
        project=live_project,
        backer=backer,
        is_anonymous=True,
        message="Romford deserves colour",
    )
    client.force_login(backer)
    html = client.get(
        reverse("crowdfund:pledge_detail", args=[pledge.public_id])
    ).content
    html = html.decode()
    assert "Romford deserves colour" in html
    assert "Hidden" in html
    assert html.count("<h1") == 1


def test_a_pledges_address_is_a_random_id_not_a_number(client, pledge):
    """The address is emailed to the backer: it must not tell anyone how many
    pledges there are, or lead to anyone else's by counting."""
    client.force_login(pledge.backer)
    url = reverse("crowdfund:pledge_detail", args=[pledge.public_id])
    assert str(pledge.public_id) in url and f"/{pledge.pk}/" not in url
    assert client.get(url).status_code == 200
    assert client.get(f"/crowdfund/your-pledges/{pledge.pk}/").status_code == 404
    other = PledgeFactory(project=pledge.project, backer=pledge.backer)
    assert other.public_id != pledge.public_id
