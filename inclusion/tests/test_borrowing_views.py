"""Applying online, one question a page, and "Your loan": who may see what,
what each answer leads to, and that a list does not cost more queries."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough
from inclusion.models import BorrowRequest, ConfidenceCheck, Loan, Participant
from inclusion.services.requests import borrow_request_create
from inclusion.tests.factories import (
    BookingFactory,
    BorrowRequestFactory,
    LoanFactory,
    OpeningHoursFactory,
    ParticipantFactory,
    SchemeFactory,
    SiteFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return SiteFactory(name="Catford Library")


@pytest.fixture
def scheme(site):
    return SchemeFactory(sites=[site])


def url(name, scheme, change=False):
    address = reverse(f"inclusion:{name}", kwargs={"scheme": scheme.slug})
    return address + ("?change=1" if change else "")


def _lewisham_id():
    return Borough.objects.get(name="Lewisham").pk


def answer_where(client, scheme, **data):
    return client.post(
        url("apply_where", scheme),
        {"postcode": "se6 4jf", "borough": _lewisham_id(), **data},
    )


def answer_dob(client, scheme, dob=datetime.date(1960, 5, 17)):
    return client.post(
        url("apply_dob", scheme),
        {
            "date_of_birth_0": dob.day,
            "date_of_birth_1": dob.month,
            "date_of_birth_2": dob.year,
        },
    )


def answer_contact(client, scheme, **data):
    values = {
        "full_name": "Rita Resident",
        "address_line_1": "1 Rushey Green",
        "town": "London",
        "phone": "",
        "contact_preference": "email",
        **data,
    }
    return client.post(url("apply_contact", scheme), values)


def answer_all(client, scheme, site, circumstances=("none",)):
    answer_where(client, scheme)
    answer_dob(client, scheme)
    client.post(
        url("apply_circumstances", scheme), {"circumstances": list(circumstances)}
    )
    client.post(url("apply_site", scheme), {"site": site.pk})
    answer_contact(client, scheme)
    client.post(url("apply_consent", scheme), {"consent": "on"})


# --- Start page -------------------------------------------------------------------


def test_start_page_is_public_and_shows_the_waiting_list_length(
    client, scheme, site, django_assert_max_num_queries
):
    BorrowRequestFactory.create_batch(3, scheme=scheme, site=site)
    with django_assert_max_num_queries(8):
        response = client.get(url("apply_start", scheme))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Catford Library" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in html
    assert "people who live in Lewisham, aged 50 or over" in html


def test_start_page_for_an_unknown_scheme_is_not_found(client):
    response = client.get(reverse("inclusion:apply_start", args=["nope"]))
    assert response.status_code == 404


def test_closed_scheme_has_no_start_button(client, site):
    scheme = SchemeFactory(sites=[site], is_open=False)
    html = client.get(url("apply_start", scheme)).content.decode()
    assert "not taking applications" in html
    assert "Start now" not in html


# --- Access to the questions ------------------------------------------------------


QUESTION_PAGES = [
    "apply_where",
    "apply_dob",
    "apply_circumstances",
    "apply_not_eligible",
    "apply_site",
    "apply_contact",
    "apply_consent",
    "apply_check",
]


@pytest.mark.parametrize("name", QUESTION_PAGES)
def test_questions_send_anonymous_people_to_sign_in(client, scheme, name):
    response = client.get(url(name, scheme))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", QUESTION_PAGES)
def test_questions_need_a_verified_email(client, scheme, unverified_resident, name):
    client.force_login(unverified_resident)
    response = client.get(url(name, scheme))
    assert response.status_code == 302
    assert response.url == reverse("civic:verify_email_needed")


@pytest.mark.parametrize("name", QUESTION_PAGES[1:])
def test_a_skipped_question_sends_you_back_to_it(client, resident, scheme, name):
    client.force_login(resident)
    response = client.get(url(name, scheme))
    assert response.status_code == 302
    assert response.url == url("apply_where", scheme)


def test_questions_of_a_closed_scheme_go_back_to_the_start(client, resident, site):
    scheme = SchemeFactory(sites=[site], is_open=False)
    client.force_login(resident)
    response = client.get(url("apply_where", scheme))
    assert response.url == url("apply_start", scheme)


# --- Each question ----------------------------------------------------------------


def test_where_you_live_errors(client, resident, scheme):
    client.force_login(resident)
    response = client.post(url("apply_where", scheme), {"postcode": "", "borough": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Enter your postcode" in html
    assert "Select your borough" in html
    assert 'href="#id_postcode"' in html


def test_where_you_live_rejects_a_made_up_postcode(client, resident, scheme):
    client.force_login(resident)
    response = answer_where(client, scheme, postcode="NOT A CODE")
    assert "Enter a real postcode" in response.content.decode()


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter your date of birth"),
        (("17", "", "1960"), "Date of birth must include a day, month and year"),
        (("31", "2", "1960"), "Date of birth must be a real date"),
        (("1", "1", "2999"), "Date of birth must be in the past"),
    ],
)
def test_date_of_birth_errors(client, resident, scheme, parts, message):
    client.force_login(resident)
    answer_where(client, scheme)
    response = client.post(
        url("apply_dob", scheme),
        {f"date_of_birth_{i}": part for i, part in enumerate(parts)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'href="#id_date_of_birth"' in html
    assert "<title>Error:" in html


def test_circumstances_must_be_answered(client, resident, scheme):
    client.force_login(resident)
    answer_where(client, scheme)
    answer_dob(client, scheme)
    response = client.post(url("apply_circumstances", scheme), {})
    html = response.content.decode()
    assert "Select the circumstances that apply to you" in html
    assert 'data-behaviour="exclusive"' in html


def test_none_of_these_cannot_be_ticked_with_others(client, resident, scheme):
    client.force_login(resident)
    answer_where(client, scheme)
    answer_dob(client, scheme)
    response = client.post(
        url("apply_circumstances", scheme), {"circumstances": ["none", "carer"]}
    )
    assert "not both" in response.content.decode()


def test_too_young_and_no_circumstance_is_not_eligible(client, resident, scheme):
    client.force_login(resident)
    answer_where(client, scheme)
    answer_dob(client, scheme, datetime.date(1990, 1, 1))
    response = client.post(
        url("apply_circumstances", scheme), {"circumstances": ["none"]}
    )
    assert response.url == url("apply_not_eligible", scheme)
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "You cannot borrow a tablet from this scheme" in html
    assert "aged 50 or over" in html
    assert scheme.other_help in html
    assert reverse("inclusion:site_list") in html
    assert reverse("inclusion:course_list") in html
    # And no way round it: the later questions send them back.
    assert client.get(url("apply_site", scheme)).url == url(
        "apply_not_eligible", scheme
    )


def test_outside_the_borough_is_not_eligible(client, resident, scheme):
    client.force_login(resident)
    answer_where(client, scheme, borough=Borough.objects.get(name="Camden").pk)
    answer_dob(client, scheme)
    response = client.post(
        url("apply_circumstances", scheme), {"circumstances": ["none"]}
    )
    html = client.get(response.url).content.decode()
    assert "This scheme is for people who live in Lewisham" in html


def test_an_eligible_person_is_not_shown_the_not_eligible_page(
    client, resident, scheme
):
    client.force_login(resident)
    answer_where(client, scheme)
    answer_dob(client, scheme)
    client.post(url("apply_circumstances", scheme), {"circumstances": ["none"]})
    response = client.get(url("apply_not_eligible", scheme))
    assert response.url == url("apply_site", scheme)


def test_site_page_shows_the_waiting_list_length(client, resident, scheme, site):
    BorrowRequestFactory.create_batch(2, scheme=scheme, site=site)
    client.force_login(resident)
    answer_where(client, scheme)
    answer_dob(client, scheme)
    client.post(url("apply_circumstances", scheme), {"circumstances": ["none"]})
    html = client.get(url("apply_site", scheme)).content.decode()
    assert "Catford Library, SE6 4RU (2 people waiting)" in html
    response = client.post(url("apply_site", scheme), {})
    assert "Select where you want to collect it from" in response.content.decode()


def test_a_site_outside_the_scheme_cannot_be_chosen(client, resident, scheme):
    client.force_login(resident)
    answer_where(client, scheme)
    answer_dob(client, scheme)
    client.post(url("apply_circumstances", scheme), {"circumstances": ["none"]})
    other = SiteFactory()
    response = client.post(url("apply_site", scheme), {"site": other.pk})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_contact_by_phone_needs_a_number(client, resident, scheme, site):
    client.force_login(resident)
    answer_where(client, scheme)
    answer_dob(client, scheme)
    client.post(url("apply_circumstances", scheme), {"circumstances": ["none"]})
    client.post(url("apply_site", scheme), {"site": site.pk})
    response = answer_contact(client, scheme, contact_preference="phone", full_name="")
    html = response.content.decode()
    assert "Enter your full name" in html
    assert "Enter a phone number, or choose another way to contact you" in html


def test_consent_is_required(client, resident, scheme, site):
    client.force_login(resident)
    answer_all(client, scheme, site)
    response = client.post(url("apply_consent", scheme), {})
    html = response.content.decode()
    assert "Confirm that you agree to us holding your details" in html
    assert 'href="/privacy/"' in html


# --- Check your answers and submitting ---------------------------------------------


def test_check_your_answers_shows_every_answer_with_change_links(
    client, resident, scheme, site
):
    client.force_login(resident)
    answer_all(client, scheme, site)
    response = client.get(url("apply_check", scheme))
    html = response.content.decode()
    assert response.status_code == 200
    assert "SE6 4JF" in html
    assert "17 May 1960" in html
    assert "Catford Library" in html
    assert "resident@example.com" in html
    assert url("apply_dob", scheme, change=True).replace("?", "?") in html
    assert BorrowRequest.objects.count() == 0  # nothing saved yet


def test_a_change_returns_to_check_your_answers(client, resident, scheme, site):
    client.force_login(resident)
    answer_all(client, scheme, site)
    response = client.post(
        url("apply_where", scheme, change=True),
        {"postcode": "SE13 5LJ", "borough": _lewisham_id()},
    )
    assert response.url == url("apply_check", scheme)
    assert "SE13 5LJ" in client.get(response.url).content.decode()


def test_a_change_that_makes_you_ineligible_says_so(client, resident, scheme, site):
    client.force_login(resident)
    answer_all(client, scheme, site)
    response = answer_dob(client.__class__(), scheme)  # anonymous: ignored
    assert response.status_code == 302
    response = client.post(
        url("apply_dob", scheme, change=True),
        {"date_of_birth_0": 1, "date_of_birth_1": 1, "date_of_birth_2": 2000},
    )
    assert response.url == url("apply_not_eligible", scheme)


def test_submitting_joins_the_waiting_list_and_emails(
    client, resident, scheme, site, django_capture_on_commit_callbacks
):
    BorrowRequestFactory(scheme=SchemeFactory(), site=site)  # someone else first
    client.force_login(resident)
    answer_all(client, scheme, site)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("apply_check", scheme))
    made = BorrowRequest.objects.get(participant__user=resident)
    assert response.url == reverse("inclusion:apply_done", args=[made.public_id])
    assert made.applied_by is None
    assert made.circumstances == []
    participant = made.participant
    assert participant.full_name == "Rita Resident"
    assert participant.postcode == "SE6 4JF"
    assert participant.email == "resident@example.com"
    assert participant.created_by is None
    html = client.get(response.url).content.decode()
    assert (
        "You are number 2 on the waiting list at Catford Library. "
        "We will email you when a tablet is ready." in html
    )
    assert len(mail.outbox) == 1
    assert "number 2 on the list" in mail.outbox[0].body
    assert mail.outbox[0].to == ["resident@example.com"]
    # The answers are gone from the session.
    assert client.get(url("apply_check", scheme)).status_code == 302


def test_submitting_twice_makes_one_request(client, resident, scheme, site):
    client.force_login(resident)
    answer_all(client, scheme, site)
    # Two tabs: both on "Check your answers" before either submits.
    session_answers = dict(client.session)
    first = client.post(url("apply_check", scheme))
    session = client.session
    for key, value in session_answers.items():
        if key.startswith("inclusion_apply_"):
            session[key] = value
    session.save()
    second = client.post(url("apply_check", scheme))
    assert second.status_code == 302
    assert second.url == first.url
    assert BorrowRequest.objects.filter(participant__user=resident).count() == 1


def test_already_on_the_list_is_shown_on_the_start_page(client, resident, scheme, site):
    participant = ParticipantFactory(user=resident, email=resident.email)
    BorrowRequestFactory(participant=participant, scheme=scheme, site=site)
    client.force_login(resident)
    html = client.get(url("apply_start", scheme)).content.decode()
    assert "You have already applied" in html
    assert "Start now" not in html


def test_the_questions_are_prefilled_from_your_record(client, resident, scheme):
    ParticipantFactory(user=resident, email=resident.email, postcode="SE13 5LJ")
    client.force_login(resident)
    assert 'value="SE13 5LJ"' in client.get(url("apply_where", scheme)).content.decode()


def test_confirmation_of_another_persons_request_is_not_found(
    client, other_resident, scheme, site, resident
):
    participant = ParticipantFactory(user=resident)
    mine = BorrowRequestFactory(participant=participant, scheme=scheme, site=site)
    client.force_login(other_resident)
    response = client.get(reverse("inclusion:apply_done", args=[mine.public_id]))
    assert response.status_code == 404


# --- Your loan --------------------------------------------------------------------


def test_your_loan_needs_sign_in(client):
    response = client.get(reverse("inclusion:my_programme"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_your_loan_needs_a_verified_email(client, unverified_resident):
    client.force_login(unverified_resident)
    response = client.get(reverse("inclusion:my_programme"))
    assert response.url == reverse("civic:verify_email_needed")


def test_your_loan_without_a_record_points_to_the_schemes(client, resident, scheme):
    client.force_login(resident)
    response = client.get(reverse("inclusion:my_programme"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "You have not applied to borrow a tablet yet" in html
    assert reverse("inclusion:apply_start", args=[scheme.slug]) in html


def test_your_loan_shows_your_place_on_the_list(client, resident, scheme, site):
    BorrowRequestFactory(scheme=scheme, site=site)
    participant = ParticipantFactory(user=resident, email=resident.email)
    mine = BorrowRequestFactory(participant=participant, scheme=scheme, site=site)
    client.force_login(resident)
    html = client.get(reverse("inclusion:my_programme")).content.decode()
    assert "Number 2 on the waiting list" in html
    assert reverse("inclusion:request_withdraw", args=[mine.public_id]) in html


def test_your_loan_shows_the_due_date_and_how_to_return_it(client, resident, site):
    participant = ParticipantFactory(user=resident, email=resident.email)
    OpeningHoursFactory(site=site)
    scheme = SchemeFactory(sites=[site])
    request = BorrowRequestFactory(
        participant=participant, scheme=scheme, site=site, status="on_loan"
    )
    LoanFactory(
        request=request,
        starts_on=datetime.date(2026, 11, 26),
        original_due_on=datetime.date(2026, 12, 24),
    )
    BookingFactory(participant=participant, attendance="attended", hours=2)
    client.force_login(resident)
    html = client.get(reverse("inclusion:my_programme")).content.decode()
    assert "Due back by Thursday 24 December 2026" in html
    assert "Laurence House, 1 Catford Road" in html
    assert "Monday: 9:00 a.m. to 5:00 p.m." in html
    assert "you can extend once by up to 2 weeks if nobody is waiting" in html
    assert "You have done 2 of the 6 hours" in html
    assert reverse("inclusion:course_list") in html
    assert reverse("inclusion:my_training") in html


def test_your_loan_asks_for_the_start_questionnaire_once(client, resident, site):
    participant = ParticipantFactory(user=resident, email=resident.email)
    loan = LoanFactory(
        request__participant=participant,
        request__site=site,
        request__scheme=SchemeFactory(sites=[site]),
    )
    start_url = reverse("inclusion:confidence_online", args=[loan.public_id, "start"])
    client.force_login(resident)
    assert start_url in client.get(reverse("inclusion:my_programme")).content.decode()
    ConfidenceCheck.objects.create(
        participant=participant,
        loan=loan,
        stage="start",
        source="online",
        completed_at=timezone.now(),
    )
    assert (
        start_url not in client.get(reverse("inclusion:my_programme")).content.decode()
    )


def test_your_loan_asks_for_the_end_questionnaire_after_return(client, resident, site):
    participant = ParticipantFactory(user=resident, email=resident.email)
    loan = LoanFactory(request__participant=participant, request__site=site)
    Loan.objects.filter(pk=loan.pk).update(
        status="returned", returned_on=timezone.localdate()
    )
    client.force_login(resident)
    html = client.get(reverse("inclusion:my_programme")).content.decode()
    assert reverse("inclusion:confidence_online", args=[loan.public_id, "end"]) in html


def _my_programme_data(resident, site, n):
    participant = Participant.objects.filter(
        user=resident
    ).first() or ParticipantFactory(user=resident, email=resident.email)
    for _ in range(n):
        scheme = SchemeFactory(sites=[site])
        BorrowRequestFactory(scheme=scheme, site=site)
        borrow_request_create(
            scheme=scheme, site=site, participant=participant, circumstances=[]
        )
        LoanFactory(request__site=site)


def test_your_loan_query_count_does_not_grow(
    client, resident, site, django_assert_max_num_queries
):
    _my_programme_data(resident, site, 1)
    participant = Participant.objects.get(user=resident)
    LoanFactory(request__participant=participant, request__site=site)
    client.force_login(resident)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("inclusion:my_programme")).status_code == 200
    _my_programme_data(resident, site, 3)
    with django_assert_max_num_queries(19):
        assert client.get(reverse("inclusion:my_programme")).status_code == 200


# --- Leaving the waiting list -----------------------------------------------------


@pytest.fixture
def my_request(resident, scheme, site):
    participant = ParticipantFactory(user=resident, email=resident.email)
    return BorrowRequestFactory(participant=participant, scheme=scheme, site=site)


def test_leaving_asks_first_then_leaves(client, resident, my_request):
    client.force_login(resident)
    address = reverse("inclusion:request_withdraw", args=[my_request.public_id])
    page = client.get(address)
    assert "Are you sure you want to leave the waiting list?" in page.content.decode()
    response = client.post(address)
    assert response.url == reverse("inclusion:my_programme")
    my_request.refresh_from_db()
    assert my_request.status == BorrowRequest.Status.WITHDRAWN
    assert my_request.closed_at is not None
    # Pressing it again: not found, never a 500.
    assert client.post(address).status_code == 404


def test_leaving_someone_elses_place_is_not_found(client, other_resident, my_request):
    client.force_login(other_resident)
    address = reverse("inclusion:request_withdraw", args=[my_request.public_id])
    assert client.get(address).status_code == 404
    assert client.post(address).status_code == 404
    my_request.refresh_from_db()
    assert my_request.status == BorrowRequest.Status.WAITING


def test_leaving_needs_sign_in(client, my_request):
    address = reverse("inclusion:request_withdraw", args=[my_request.public_id])
    assert client.post(address).url.startswith(reverse("account_login"))


def test_a_place_with_a_device_set_aside_cannot_be_left_online(
    client, resident, my_request
):
    BorrowRequest.objects.filter(pk=my_request.pk).update(status="allocated")
    client.force_login(resident)
    address = reverse("inclusion:request_withdraw", args=[my_request.public_id])
    response = client.post(address)
    assert response.url == reverse("inclusion:my_programme")
    my_request.refresh_from_db()
    assert my_request.status == "allocated"


def test_staff_see_the_resident_pages_as_themselves(client, inclusion_officer):
    force_login_with_mfa(client, inclusion_officer)
    response = client.get(reverse("inclusion:my_programme"))
    assert response.status_code == 200
