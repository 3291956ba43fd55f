"""The waiting-list services: joining (online and assisted), leaving, place."""

import datetime

import pytest
from django.core import mail

from inclusion.models import BorrowRequest
from inclusion.services.participants import participant_search
from inclusion.services.requests import (
    BorrowRequestError,
    NotEligible,
    borrow_request_create,
    borrow_request_withdraw,
    waiting_list_lengths,
    waiting_position,
)
from inclusion.tests.factories import (
    BorrowRequestFactory,
    ParticipantFactory,
    SchemeFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return SiteFactory()


@pytest.fixture
def scheme(site):
    return SchemeFactory(sites=[site])


def test_joining_puts_you_at_the_end_of_the_list(scheme, site):
    BorrowRequestFactory.create_batch(2, scheme=scheme, site=site)
    made = borrow_request_create(
        scheme=scheme, site=site, participant=ParticipantFactory(), circumstances=[]
    )
    assert made.position == 3
    assert waiting_position(made.request) == 3
    assert made.request.applied_by is None


def test_joining_emails_people_with_an_email_only(
    scheme, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        borrow_request_create(
            scheme=scheme, site=site, participant=ParticipantFactory(), circumstances=[]
        )
        borrow_request_create(
            scheme=scheme,
            site=site,
            participant=ParticipantFactory(email="", contact_preference="letter"),
            circumstances=[],
        )
    assert len(mail.outbox) == 1


def test_eligibility_is_checked_again(scheme, site):
    young = ParticipantFactory(date_of_birth=datetime.date(2000, 1, 1))
    with pytest.raises(NotEligible) as refused:
        borrow_request_create(
            scheme=scheme, site=site, participant=young, circumstances=[]
        )
    assert "aged 50 or over" in refused.value.message
    made = borrow_request_create(
        scheme=scheme, site=site, participant=young, circumstances=["unemployed"]
    )
    assert made.request.circumstances == ["unemployed"]


def test_a_second_open_request_for_the_scheme_is_refused(scheme, site):
    person = ParticipantFactory()
    borrow_request_create(
        scheme=scheme, site=site, participant=person, circumstances=[]
    )
    other_site = SiteFactory()
    scheme.sites.add(other_site)
    with pytest.raises(BorrowRequestError) as refused:
        borrow_request_create(
            scheme=scheme, site=other_site, participant=person, circumstances=[]
        )
    assert refused.value.code == "already"
    assert "already on a waiting list for this scheme" in refused.value.message
    assert BorrowRequest.objects.filter(participant=person).count() == 1


def test_after_leaving_you_can_apply_again(scheme, site):
    person = ParticipantFactory()
    first = borrow_request_create(
        scheme=scheme, site=site, participant=person, circumstances=[]
    ).request
    borrow_request_withdraw(borrow_request=first)
    again = borrow_request_create(
        scheme=scheme, site=site, participant=person, circumstances=[]
    )
    assert again.request.pk != first.pk


def test_a_site_the_scheme_does_not_use_is_refused(scheme):
    with pytest.raises(BorrowRequestError) as refused:
        borrow_request_create(
            scheme=scheme,
            site=SiteFactory(),
            participant=ParticipantFactory(),
            circumstances=[],
        )
    assert refused.value.code == "site"


def test_staff_must_record_consent(scheme, site, inclusion_officer):
    with pytest.raises(BorrowRequestError) as refused:
        borrow_request_create(
            scheme=scheme,
            site=site,
            participant=ParticipantFactory(),
            circumstances=[],
            staff=inclusion_officer,
            consent_note="  ",
        )
    assert refused.value.code == "consent"


def test_staff_applying_are_named_on_the_request(scheme, site, inclusion_officer):
    made = borrow_request_create(
        scheme=scheme,
        site=site,
        participant=ParticipantFactory(),
        circumstances=[],
        staff=inclusion_officer,
        consent_note="signed paper form",
    )
    assert made.request.applied_by == inclusion_officer
    assert made.request.consent_note == "signed paper form"
    assert made.request.consent_given_at is not None


def test_leaving_moves_everyone_behind_up(scheme, site):
    first, second, third = BorrowRequestFactory.create_batch(
        3, scheme=scheme, site=site
    )
    borrow_request_withdraw(borrow_request=second)
    third.refresh_from_db()
    assert waiting_position(third) == 2
    assert waiting_position(first) == 1
    # Pressing it twice does no harm.
    assert borrow_request_withdraw(borrow_request=second).status == "withdrawn"


def test_leaving_once_a_device_is_set_aside_is_refused(scheme, site):
    allocated = BorrowRequestFactory(scheme=scheme, site=site, status="allocated")
    with pytest.raises(BorrowRequestError):
        borrow_request_withdraw(borrow_request=allocated)


def test_waiting_list_lengths_count_only_people_waiting(scheme, site):
    BorrowRequestFactory.create_batch(2, scheme=scheme, site=site)
    BorrowRequestFactory(scheme=scheme, site=site, status="withdrawn")
    other = SiteFactory()
    assert waiting_list_lengths([site, other]) == {site.pk: 2}


def test_search_matches_phone_without_spaces():
    found = ParticipantFactory(phone="02080000001")
    assert list(participant_search("02080000001")) == [found]
    assert list(participant_search("")) == []
