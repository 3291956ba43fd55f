"""Residents' records: "Your details", and the staff desk (search, new record,
record page, applying for someone). Who may see what, and query counts."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from civic.models import Borough
from inclusion.models import BorrowRequest, Participant
from inclusion.tests.factories import (
    BookingFactory,
    BorrowRequestFactory,
    LoanFactory,
    ParticipantFactory,
    SchemeFactory,
    SiteFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def _lewisham_id():
    return Borough.objects.get(name="Lewisham").pk


DETAILS = {
    "full_name": "Rita Resident",
    "date_of_birth_0": "17",
    "date_of_birth_1": "5",
    "date_of_birth_2": "1960",
    "address_line_1": "1 Rushey Green",
    "address_line_2": "",
    "town": "London",
    "postcode": "se6 4jf",
    "phone": "",
    "contact_preference": "email",
}


# --- Your details -------------------------------------------------------------------


def test_your_details_needs_sign_in(client):
    response = client.get(reverse("inclusion:your_details"))
    assert response.url.startswith(reverse("account_login"))


def test_your_details_needs_a_verified_email(client, unverified_resident):
    client.force_login(unverified_resident)
    response = client.get(reverse("inclusion:your_details"))
    assert response.url == reverse("civic:verify_email_needed")


def test_your_details_creates_your_record_and_follows_next(
    client, resident, django_assert_max_num_queries
):
    client.force_login(resident)
    with django_assert_max_num_queries(10):
        page = client.get(
            reverse("inclusion:your_details") + "?next=/get-online/courses/"
        )
    assert page.status_code == 200
    assert 'name="next" value="/get-online/courses/"' in page.content.decode()
    response = client.post(
        reverse("inclusion:your_details"),
        {**DETAILS, "borough": _lewisham_id(), "next": "/get-online/courses/"},
    )
    assert response.url == "/get-online/courses/"
    participant = Participant.objects.get(user=resident)
    assert participant.postcode == "SE6 4JF"
    assert participant.email == "resident@example.com"
    assert participant.created_by is None


def test_your_details_ignores_an_unsafe_next(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("inclusion:your_details"),
        {**DETAILS, "borough": _lewisham_id(), "next": "https://evil.example.com/"},
    )
    assert response.url == reverse("inclusion:my_programme")


def test_your_details_edits_your_own_record_only(client, resident, other_resident):
    mine = ParticipantFactory(user=resident, email=resident.email, full_name="Old")
    theirs = ParticipantFactory(user=other_resident, full_name="Omar")
    client.force_login(resident)
    assert (
        'value="Old"' in client.get(reverse("inclusion:your_details")).content.decode()
    )
    client.post(
        reverse("inclusion:your_details"), {**DETAILS, "borough": _lewisham_id()}
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.full_name == "Rita Resident"
    assert theirs.full_name == "Omar"
    assert Participant.objects.filter(user=resident).count() == 1


def test_your_details_errors(client, resident):
    client.force_login(resident)
    response = client.post(reverse("inclusion:your_details"), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    for message in (
        "Enter your full name",
        "Enter your date of birth",
        "Enter your postcode",
        "Select your borough",
        "Select how we should contact you",
    ):
        assert message in html


# --- Staff pages: who may see them -------------------------------------------------


@pytest.fixture
def participant():
    return ParticipantFactory(full_name="Pat Person", phone="020 8000 0001")


@pytest.fixture
def scheme():
    return SchemeFactory(sites=[SiteFactory(name="Catford Library")])


def staff_urls(participant, scheme):
    return [
        reverse("inclusion:staff_home"),
        reverse("inclusion:participant_search") + "?q=Pat",
        reverse("inclusion:participant_create"),
        reverse("inclusion:participant_detail", args=[participant.public_id]),
        reverse("inclusion:assisted_apply", args=[participant.public_id, scheme.slug]),
    ]


def test_staff_pages_send_anonymous_people_to_sign_in(client, participant, scheme):
    for address in staff_urls(participant, scheme):
        response = client.get(address)
        assert response.status_code == 302, address
        assert "login" in response.url


@pytest.mark.parametrize("persona", ["resident", "org_member", "programme_manager"])
def test_staff_pages_are_forbidden_without_the_permission(
    client, participant, scheme, persona, request
):
    user = request.getfixturevalue(persona)
    force_login_with_mfa(client, user)
    for address in staff_urls(participant, scheme):
        assert client.get(address).status_code == 403, address


def test_staff_pages_open_for_an_inclusion_officer(
    client, participant, scheme, inclusion_officer
):
    force_login_with_mfa(client, inclusion_officer)
    for address in staff_urls(participant, scheme):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.content.decode().count("<h1") == 1


def test_staff_pages_need_two_factor_sign_in(
    client, participant, scheme, inclusion_officer
):
    client.force_login(inclusion_officer)  # password only
    response = client.get(reverse("inclusion:staff_home"))
    assert response.status_code == 302


def test_an_unknown_resident_is_not_found(client, inclusion_officer, scheme):
    import uuid

    force_login_with_mfa(client, inclusion_officer)
    missing = uuid.uuid4()
    assert (
        client.get(reverse("inclusion:participant_detail", args=[missing])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("inclusion:assisted_apply", args=[missing, scheme.slug])
        ).status_code
        == 404
    )


# --- Staff home ---------------------------------------------------------------------


def test_staff_home_lists_your_sites_first(
    client, inclusion_officer, django_assert_max_num_queries
):
    SiteFactory(name="Aaa Other Library")
    mine = SiteFactory(name="Zzz My Library")
    mine.staff.add(inclusion_officer)
    force_login_with_mfa(client, inclusion_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("inclusion:staff_home"))
    html = response.content.decode()
    assert html.index("Zzz My Library") < html.index("Aaa Other Library")
    assert reverse("inclusion:site_dashboard", args=[mine.slug]) in html
    for name in (
        "participant_search",
        "overdue_list",
        "letters",
        "staff_session_list",
        "evaluation",
    ):
        assert reverse(f"inclusion:{name}") in html
    SiteFactory.create_batch(30)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("inclusion:staff_home"))
    assert "govuk-pagination" in response.content.decode()


# --- Search ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["pat per", "se6 4jf", "SE64JF", "pat@example.com", "020 8000 0001"]
)
def test_search_finds_by_name_postcode_email_or_phone(client, inclusion_officer, query):
    found = ParticipantFactory(
        full_name="Pat Person", email="pat@example.com", phone="020 8000 0001"
    )
    ParticipantFactory(full_name="Someone Else", postcode="N1 1AA", phone="")
    force_login_with_mfa(client, inclusion_officer)
    html = client.get(
        reverse("inclusion:participant_search"), {"q": query}
    ).content.decode()
    assert reverse("inclusion:participant_detail", args=[found.public_id]) in html
    assert "Someone Else" not in html


def test_search_is_paginated_and_cheap(
    client, inclusion_officer, django_assert_max_num_queries
):
    ParticipantFactory.create_batch(3, full_name="Pat Smith")
    force_login_with_mfa(client, inclusion_officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("inclusion:participant_search"), {"q": "Pat"})
    ParticipantFactory.create_batch(30, full_name="Pat Jones")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("inclusion:participant_search"), {"q": "Pat"})
    html = response.content.decode()
    assert "33 residents found" in html
    assert "govuk-pagination" in html


# --- New record -----------------------------------------------------------------------


def test_staff_create_a_record_for_someone_not_online(client, inclusion_officer):
    force_login_with_mfa(client, inclusion_officer)
    response = client.post(
        reverse("inclusion:participant_create"),
        {
            **DETAILS,
            "full_name": "Nora Notonline",
            "borough": _lewisham_id(),
            "contact_preference": "letter",
            "email": "",
            "consent_how": "in person",
        },
    )
    participant = Participant.objects.get(full_name="Nora Notonline")
    assert response.url == reverse(
        "inclusion:participant_detail", args=[participant.public_id]
    )
    assert participant.created_by == inclusion_officer
    assert participant.user is None
    assert participant.email == ""
    entry = ModelLogEntry.objects.get(action="inclusion.participant_create")
    assert entry.user == inclusion_officer
    assert entry.data["consent"] == "in person"
    html = client.get(response.url).content.decode()
    assert "Nora Notonline" in html
    assert "consent given in person" in html


def test_staff_create_errors(client, inclusion_officer):
    force_login_with_mfa(client, inclusion_officer)
    response = client.post(
        reverse("inclusion:participant_create"),
        {**DETAILS, "full_name": "", "borough": _lewisham_id(), "email": ""},
    )
    html = response.content.decode()
    assert "Enter the resident’s full name" in html
    assert "Select how the resident gave their consent" in html
    assert "Enter an email address, or choose another way to contact them" in html
    assert Participant.objects.count() == 0


# --- Record page ----------------------------------------------------------------------


def test_record_shows_who_applied_and_consent(
    client, inclusion_officer, participant, scheme, django_assert_max_num_queries
):
    inclusion_officer.display_name = "Ines Inclusion"
    inclusion_officer.save()
    site = scheme.sites.get()
    BorrowRequestFactory(
        participant=participant,
        scheme=scheme,
        site=site,
        applied_by=inclusion_officer,
        consent_note="in person",
    )
    force_login_with_mfa(client, inclusion_officer)
    address = reverse("inclusion:participant_detail", args=[participant.public_id])
    with django_assert_max_num_queries(18):
        html = client.get(address).content.decode()
    assert "Applied for by Ines Inclusion," in html
    assert "consent given in person" in html
    assert (
        reverse("inclusion:assisted_apply", args=[participant.public_id, scheme.slug])
        in html
    )
    assert f"?for={participant.public_id}" in html
    assert (
        reverse("inclusion:confidence_paper", args=[participant.public_id, "start"])
        in html
    )
    # More rows of each kind: no more queries.
    for _ in range(3):
        loan = LoanFactory(request__participant=participant, request__site=site)
        BookingFactory(participant=participant)
    with django_assert_max_num_queries(18):
        html = client.get(address).content.decode()
    assert reverse("inclusion:loan_detail", args=[loan.public_id]) in html


# --- Applying for someone ---------------------------------------------------------------


def test_staff_apply_for_a_resident(client, inclusion_officer, participant, scheme):
    site = scheme.sites.get()
    force_login_with_mfa(client, inclusion_officer)
    address = reverse(
        "inclusion:assisted_apply", args=[participant.public_id, scheme.slug]
    )
    response = client.post(
        address,
        {"circumstances": ["none"], "site": site.pk, "consent_note": "by phone"},
    )
    assert response.url == reverse(
        "inclusion:participant_detail", args=[participant.public_id]
    )
    made = BorrowRequest.objects.get(participant=participant)
    assert made.applied_by == inclusion_officer
    assert made.consent_note == "by phone"
    assert made.site == site


def test_staff_apply_reads_back_the_last_answers(
    client, inclusion_officer, participant, scheme
):
    BorrowRequestFactory(
        participant=participant,
        scheme=scheme,
        site=scheme.sites.get(),
        status="withdrawn",
        circumstances=["carer"],
    )
    force_login_with_mfa(client, inclusion_officer)
    html = client.get(
        reverse("inclusion:assisted_apply", args=[participant.public_id, scheme.slug])
    ).content.decode()
    assert 'value="carer" checked' in html


def test_staff_apply_needs_consent(client, inclusion_officer, participant, scheme):
    force_login_with_mfa(client, inclusion_officer)
    address = reverse(
        "inclusion:assisted_apply", args=[participant.public_id, scheme.slug]
    )
    response = client.post(
        address, {"circumstances": ["none"], "site": scheme.sites.get().pk}
    )
    html = response.content.decode()
    assert "Select how the resident gave their consent" in html
    assert "<title>Error:" in html
    assert not BorrowRequest.objects.exists()


def test_staff_are_shown_why_someone_is_not_eligible(client, inclusion_officer, scheme):
    import datetime

    young = ParticipantFactory(date_of_birth=datetime.date(1999, 1, 1))
    force_login_with_mfa(client, inclusion_officer)
    response = client.post(
        reverse("inclusion:assisted_apply", args=[young.public_id, scheme.slug]),
        {
            "circumstances": ["none"],
            "site": scheme.sites.get().pk,
            "consent_note": "in person",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot borrow a tablet from this scheme" in html
    assert scheme.other_help in html
    assert "Read this out to the resident" in html
    assert not BorrowRequest.objects.exists()


def test_staff_apply_twice_is_refused_clearly(
    client, inclusion_officer, participant, scheme
):
    site = scheme.sites.get()
    BorrowRequestFactory(participant=participant, scheme=scheme, site=site)
    force_login_with_mfa(client, inclusion_officer)
    response = client.post(
        reverse("inclusion:assisted_apply", args=[participant.public_id, scheme.slug]),
        {"circumstances": ["none"], "site": site.pk, "consent_note": "in person"},
    )
    assert response.status_code == 200
    assert "already on a waiting list for this scheme" in response.content.decode()
    assert BorrowRequest.objects.filter(participant=participant).count() == 1


def test_assisted_apply_page_query_count(
    client, inclusion_officer, participant, scheme, django_assert_max_num_queries
):
    force_login_with_mfa(client, inclusion_officer)
    address = reverse(
        "inclusion:assisted_apply", args=[participant.public_id, scheme.slug]
    )
    with django_assert_max_num_queries(17):
        assert client.get(address).status_code == 200
    for _ in range(5):
        site = SiteFactory()
        scheme.sites.add(site)
        BorrowRequestFactory(scheme=scheme, site=site)
    with django_assert_max_num_queries(17):
        assert client.get(address).status_code == 200
