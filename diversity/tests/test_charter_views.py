"""Every Tech Talent Charter page: who may see it, what it shows, and a
query count that does not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.models import OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from diversity.models import Signatory
from diversity.tests.factories import (
    ReportingYearFactory,
    SignatoryFactory,
    SubmissionFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_year():
    today = timezone.localdate()
    return ReportingYearFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def signatory(organisation):
    return SignatoryFactory(organisation=organisation, sector="tech")


@pytest.fixture
def other_org_member(db):
    """A member of a different signatory."""
    user = UserFactory(email="elsewhere@example.com")
    MembershipFactory(organisation=SignatoryFactory().organisation, user=user)
    return user


def _signatories(count, year, sector="tech"):
    for _ in range(count):
        SubmissionFactory(signatory=SignatoryFactory(sector=sector), year=year)


# --- Public pages -----------------------------------------------------------------


def test_charter_home_shows_current_pledges_and_latest_benchmark(client, open_year):
    _signatories(3, open_year)
    response = client.get(reverse("diversity:charter_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>The Tech Talent Charter" in html
    assert "A named senior sponsor" in html  # seeded version 1
    assert "24.0% of people in tech roles are women" in html
    assert reverse("diversity:benchmark", args=[open_year.year]) in html


@pytest.mark.parametrize("size", [3, 12])
def test_charter_home_query_count_does_not_grow(
    client, open_year, size, django_assert_max_num_queries
):
    _signatories(size, open_year)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("diversity:charter_home")).status_code == 200


@pytest.mark.parametrize(
    "persona", [None, "resident", "org_member", "programme_manager"]
)
def test_public_pages_are_open_to_everyone(client, request, persona, open_year):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("diversity:charter_home"),
        reverse("diversity:signatory_list"),
        reverse("diversity:benchmark", args=[open_year.year]),
        reverse("diversity:open_data_csv", args=[open_year.year]),
        reverse("diversity:open_data_json", args=[open_year.year]),
    ):
        assert client.get(url).status_code == 200, url


def test_unknown_year_is_not_found(client):
    for name in ("benchmark", "open_data_csv", "open_data_json"):
        assert client.get(reverse(f"diversity:{name}", args=[1999])).status_code == 404


def test_signatory_list_marks_the_gla_group_and_searches(client):
    SignatoryFactory(organisation=OrganisationFactory(name="Bloomsbury Bytes"))
    response = client.get(reverse("diversity:signatory_list"))
    html = response.content.decode()
    assert "Transport for London" in html
    assert "GLA Group" in html
    response = client.get(reverse("diversity:signatory_list"), {"q": "bloomsbury"})
    html = response.content.decode()
    assert "Bloomsbury Bytes" in html
    assert "Transport for London" not in html
    assert "1 signatory" in html


def test_signatory_list_filters_by_sector_and_ignores_unknown_sector(client):
    SignatoryFactory(
        organisation=OrganisationFactory(name="Fintech Ltd"), sector="finance"
    )
    html = client.get(
        reverse("diversity:signatory_list"), {"sector": "finance"}
    ).content.decode()
    assert "Fintech Ltd" in html
    assert "Transport for London" not in html
    response = client.get(reverse("diversity:signatory_list"), {"sector": "nonsense"})
    assert response.status_code == 200
    assert "Transport for London" in response.content.decode()


def test_withdrawn_signatories_are_not_listed(client):
    SignatoryFactory(
        organisation=OrganisationFactory(name="Gone Ltd"), withdrawn_at=timezone.now()
    )
    assert (
        "Gone Ltd"
        not in client.get(reverse("diversity:signatory_list")).content.decode()
    )


@pytest.mark.parametrize("size", [5, 45])
def test_signatory_list_is_paginated_with_fixed_queries(
    client, size, django_assert_max_num_queries
):
    SignatoryFactory.create_batch(size)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("diversity:signatory_list"), {"page": 2})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size + 6


@pytest.mark.parametrize("size", [3, 15])
def test_benchmark_query_count_does_not_grow(
    client, open_year, size, django_assert_max_num_queries
):
    _signatories(size, open_year)
    _signatories(size, open_year, sector="finance")
    with django_assert_max_num_queries(5):
        response = client.get(reverse("diversity:benchmark", args=[open_year.year]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tech Nation Report 2018" in html
    assert "19%" in html and "49%" in html
    assert 'role="img"' in html


# --- A signatory's dashboard ------------------------------------------------------


def test_dashboard_needs_sign_in(client, signatory):
    url = reverse("diversity:signatory_dashboard", args=[signatory.organisation.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("resident", 404),
        ("other_org_member", 404),
        ("programme_manager", 404),
        ("org_member", 200),
        ("org_owner", 200),
    ],
)
def test_dashboard_is_for_members_only(client, request, signatory, persona, status):
    user = request.getfixturevalue(persona)
    force_login_with_mfa(client, user)
    url = reverse("diversity:signatory_dashboard", args=[signatory.organisation.slug])
    assert client.get(url).status_code == status


def test_dashboard_of_an_organisation_that_has_not_signed_is_not_found(
    client, org_member, organisation
):
    client.force_login(org_member)
    url = reverse("diversity:signatory_dashboard", args=[organisation.slug])
    assert client.get(url).status_code == 404


def test_dashboard_shows_what_was_signed_and_figures(
    client, org_member, signatory, open_year
):
    from diversity.models import PledgeAcceptance, PledgeVersion

    version = PledgeVersion.objects.get(pledge__code="senior-sponsor", version=1)
    PledgeAcceptance.objects.create(
        signatory=signatory, pledge_version=version, accepted_at=timezone.now()
    )
    SubmissionFactory(signatory=signatory, year=open_year)
    client.force_login(org_member)
    html = client.get(
        reverse("diversity:signatory_dashboard", args=[signatory.organisation.slug])
    ).content.decode()
    assert "A named senior sponsor" in html
    assert "Version 1, accepted on" in html
    assert "Your organisation" in html and "24.0%" in html
    assert "Not shown: too few organisations or people" in html


@pytest.mark.parametrize("size", [1, 8])
def test_dashboard_query_count_does_not_grow(
    client, org_member, signatory, size, django_assert_max_num_queries
):
    for offset in range(size):
        year = ReportingYearFactory(
            year=2010 + offset,
            opens_on=datetime.date(2010 + offset, 4, 1),
            closes_on=datetime.date(2011 + offset, 3, 31),
        )
        SubmissionFactory(signatory=signatory, year=year)
        _signatories(2, year)
    client.force_login(org_member)
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("diversity:signatory_dashboard", args=[signatory.organisation.slug])
        )
    assert response.status_code == 200


# --- Figures ----------------------------------------------------------------------

FIGURES = {
    "tech_headcount": "100",
    "women": "30",
    "men": "68",
    "sex_other_or_unknown": "2",
    "ethnicity_white": "50",
    "ethnicity_mixed": "5",
    "ethnicity_asian": "25",
    "ethnicity_black": "15",
    "ethnicity_other": "3",
    "ethnicity_unknown": "2",
    "recruited": "12",
    "recruited_women": "5",
}


def _figures_url(signatory, year):
    return reverse(
        "diversity:submission_edit", args=[signatory.organisation.slug, year.year]
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("resident", 404),
        ("other_org_member", 404),
        ("programme_manager", 404),
        ("org_member", 200),
        ("org_owner", 200),
    ],
)
def test_figures_page_is_for_members_only(
    client, request, signatory, open_year, persona, status
):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    assert client.get(_figures_url(signatory, open_year)).status_code == status
    response = client.post(_figures_url(signatory, open_year), FIGURES)
    assert response.status_code == (302 if status == 200 else status)


def test_figures_page_needs_sign_in(client, signatory, open_year):
    response = client.get(_figures_url(signatory, open_year))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_figures_for_a_year_that_does_not_exist_are_not_found(
    client, org_member, signatory
):
    client.force_login(org_member)
    url = reverse("diversity:submission_edit", args=[signatory.organisation.slug, 1999])
    assert client.get(url).status_code == 404


def test_member_submits_then_corrects(client, org_member, signatory, open_year):
    client.force_login(org_member)
    response = client.post(_figures_url(signatory, open_year), FIGURES)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "diversity:signatory_dashboard", args=[signatory.organisation.slug]
    )
    submission = signatory.submissions.get()
    assert submission.women == 30
    assert submission.submitted_by == org_member
    html = client.get(_figures_url(signatory, open_year)).content.decode()
    assert 'value="30"' in html
    client.post(
        _figures_url(signatory, open_year), {**FIGURES, "women": "31", "men": "67"}
    )
    submission.refresh_from_db()
    assert (submission.women, submission.men) == (31, 67)
    assert signatory.submissions.count() == 1


def test_unverified_member_cannot_post_figures(client, signatory, open_year):
    user = UserFactory(verified=False)
    MembershipFactory(organisation=signatory.organisation, user=user)
    client.force_login(user)
    response = client.post(_figures_url(signatory, open_year), FIGURES)
    assert response.status_code == 302
    assert not signatory.submissions.exists()


def test_errors_show_a_summary_and_keep_what_was_typed(
    client, org_member, signatory, open_year
):
    client.force_login(org_member)
    response = client.post(
        _figures_url(signatory, open_year), {**FIGURES, "women": "25", "men": "-1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'href="#id_men"' in html
    assert "Enter a number of 0 or more" in html
    assert 'value="25"' in html
    assert not signatory.submissions.exists()


@pytest.mark.parametrize("size", [1, 10])
def test_figures_page_query_count_does_not_grow(
    client, org_member, signatory, open_year, size, django_assert_max_num_queries
):
    _signatories(size, open_year)
    SubmissionFactory(signatory=signatory, year=open_year)
    client.force_login(org_member)
    with django_assert_max_num_queries(8):
        assert client.get(_figures_url(signatory, open_year)).status_code == 200


def test_sign_pages_redirect_anonymous_to_sign_in(client, organisation):
    for url in (
        reverse("diversity:charter_sign"),
        reverse("diversity:charter_sign_step", args=[organisation.slug, "sponsor"]),
        reverse("diversity:charter_sign_check", args=[organisation.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_signed_organisation_membership_role_is_enough_for_dashboard(client, signatory):
    user = UserFactory()
    MembershipFactory(
        organisation=signatory.organisation,
        user=user,
        role=OrganisationMembership.Role.OWNER,
    )
    client.force_login(user)
    url = reverse("diversity:signatory_dashboard", args=[signatory.organisation.slug])
    assert client.get(url).status_code == 200
    assert Signatory.objects.filter(pk=signatory.pk).exists()


def test_an_absurd_year_is_not_found_not_an_error(client, org_member, signatory):
    huge = 10**25
    assert client.get(f"/tech-talent/charter/benchmark/{huge}/").status_code == 404
    assert client.get(f"/tech-talent/charter/open-data/{huge}.json").status_code == 404
    client.force_login(org_member)
    url = f"/tech-talent/charter/organisations/{signatory.organisation.slug}/figures/{huge}/"
    assert client.get(url).status_code == 404


def test_figures_sent_appear_in_your_activity(org_member, signatory, open_year):
    from diversity.selectors_charter import charter_activity

    SubmissionFactory(signatory=signatory, year=open_year, submitted_by=org_member)
    (item,) = charter_activity(org_member, 10)
    assert item.title == (
        f"Tech workforce figures for {open_year.year}: {signatory.organisation.name}"
    )
    assert item.url == reverse(
        "diversity:signatory_dashboard", args=[signatory.organisation.slug]
    )
    assert charter_activity(UserFactory(), 10) == []


def test_a_new_wording_shows_on_the_charter_page_but_not_in_what_was_signed(
    client, org_member, signatory
):
    from diversity.models import PledgeAcceptance, PledgeVersion
    from diversity.services.charter import pledge_version_add

    signed = PledgeVersion.objects.get(pledge__code="senior-sponsor", version=1)
    PledgeAcceptance.objects.create(
        signatory=signatory, pledge_version=signed, accepted_at=timezone.now()
    )
    pledge_version_add(
        pledge=signed.pledge,
        title="A senior sponsor, reworded",
        text="Entirely new words for this pledge.",
        effective_from=timezone.localdate(),
        user=org_member,
    )
    public = client.get(reverse("diversity:charter_home")).content.decode()
    assert "Entirely new words for this pledge." in public
    assert signed.text not in public
    client.force_login(org_member)
    own = client.get(
        reverse("diversity:signatory_dashboard", args=[signatory.organisation.slug])
    ).content.decode()
    assert signed.text in own and "Version 1, accepted on" in own
    assert "Entirely new words for this pledge." not in own
