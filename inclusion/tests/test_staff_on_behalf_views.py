"""Staff doing everything on a resident's behalf: changing their record,
cancelling a training booking or a waiting-list place for them (the freed
place goes to the next person, as when they cancel), taking them off a lending
waiting list, and recording that a promoted learner without email was told."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from civic.models import Borough
from inclusion.models import Booking, BorrowRequest, Participant
from inclusion.services.bookings import (
    booking_cancel,
    booking_create,
    booking_mark_told,
    needs_telling_by_phone_or_letter,
)
from inclusion.tests.factories import (
    BookingFactory,
    BorrowRequestFactory,
    ParticipantFactory,
    TrainingSessionFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def _details(**changes):
    data = {
        "full_name": "Joan Letter",
        "date_of_birth_0": "3",
        "date_of_birth_1": "4",
        "date_of_birth_2": "1950",
        "address_line_1": "2 Rushey Green",
        "address_line_2": "",
        "town": "London",
        "postcode": "se6 4jf",
        "borough": Borough.objects.get(name="Lewisham").pk,
        "phone": "020 7946 0000",
        "email": "",
        "contact_preference": "letter",
    }
    data.update(changes)
    return data


def _forbidden_for_others(client, url, resident, org_member):
    assert client.get(url).url.startswith(reverse("account_login"))
    for user in (resident, org_member):
        client.force_login(user)
        assert client.get(url).status_code == 403
        client.logout()


# --- Change a resident's record -----------------------------------------------------


def test_participant_edit_permissions(client, resident, org_member):
    person = ParticipantFactory()
    url = reverse("inclusion:participant_edit", args=[person.public_id])
    _forbidden_for_others(client, url, resident, org_member)


def test_participant_edit_unknown_record_is_404(client, inclusion_officer):
    force_login_with_mfa(client, inclusion_officer)
    url = reverse(
        "inclusion:participant_edit", args=["00000000-0000-0000-0000-000000000000"]
    )
    assert client.get(url).status_code == 404


def test_staff_change_a_record_and_the_change_is_logged(
    client, inclusion_officer, django_assert_max_num_queries
):
    person = ParticipantFactory(full_name="Joan Leter", user=None)
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:participant_edit", args=[person.public_id])
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200
    assert b"Joan Leter" in page.content
    assert b'name="email"' in page.content
    with django_assert_max_num_queries(20):
        response = client.post(url, _details())
    assert response.url == reverse(
        "inclusion:participant_detail", args=[person.public_id]
    )
    person.refresh_from_db()
    assert person.full_name == "Joan Letter"
    assert person.postcode == "SE6 4JF"
    assert person.contact_preference == Participant.Contact.LETTER
    entry = ModelLogEntry.objects.get(action="inclusion.participant_edit")
    assert entry.user_id == inclusion_officer.pk
    assert "full_name" in entry.data["fields"]


def test_staff_edit_shows_errors_and_keeps_what_was_typed(client, inclusion_officer):
    person = ParticipantFactory()
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:participant_edit", args=[person.public_id])
    page = client.post(
        url, _details(full_name="", contact_preference="phone", phone="")
    )
    assert page.status_code == 200
    assert b"Error: " in page.content
    assert "Enter the resident’s full name".encode() in page.content
    assert b"Enter a phone number, or choose another way to contact them" in (
        page.content
    )
    assert b"2 Rushey Green" in page.content


def test_staff_cannot_change_the_sign_in_email_of_a_resident_with_an_account(
    client, inclusion_officer, resident
):
    person = ParticipantFactory(user=resident, email=resident.email)
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:participant_edit", args=[person.public_id])
    page = client.get(url)
    assert b'name="email"' not in page.content
    client.post(url, _details(email="new@example.org", contact_preference="email"))
    person.refresh_from_db()
    assert person.email == resident.email
    assert person.full_name == "Joan Letter"


# --- Take someone off a lending waiting list ----------------------------------------


def test_staff_request_withdraw_permissions(client, resident, org_member):
    waiting = BorrowRequestFactory()
    url = reverse(
        "inclusion:staff_request_withdraw",
        args=[waiting.participant.public_id, waiting.public_id],
    )
    _forbidden_for_others(client, url, resident, org_member)


def test_staff_take_a_resident_off_the_waiting_list(
    client, inclusion_officer, django_assert_max_num_queries
):
    waiting = BorrowRequestFactory()
    person = waiting.participant
    force_login_with_mfa(client, inclusion_officer)
    detail = client.get(
        reverse("inclusion:participant_detail", args=[person.public_id])
    )
    url = reverse(
        "inclusion:staff_request_withdraw", args=[person.public_id, waiting.public_id]
    )
    assert url.encode() in detail.content
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.url == reverse(
        "inclusion:participant_detail", args=[person.public_id]
    )
    waiting.refresh_from_db()
    assert waiting.status == BorrowRequest.Status.WITHDRAWN
    entry = ModelLogEntry.objects.get(action="inclusion.request_withdraw")
    assert entry.user_id == inclusion_officer.pk
    # Done: the page is gone (404), not a second withdrawal.
    assert client.get(url).status_code == 404


def test_staff_request_withdraw_needs_the_right_resident(client, inclusion_officer):
    waiting = BorrowRequestFactory()
    someone_else = ParticipantFactory()
    force_login_with_mfa(client, inclusion_officer)
    url = reverse(
        "inclusion:staff_request_withdraw",
        args=[someone_else.public_id, waiting.public_id],
    )
    assert client.get(url).status_code == 404


# --- Cancel a training booking for someone ------------------------------------------


def _full_session_with_waiting():
    session = TrainingSessionFactory(capacity=1)
    first = booking_create(session=session, participant=ParticipantFactory())
    waiting = booking_create(
        session=session,
        participant=ParticipantFactory(
            email="", user=None, contact_preference=Participant.Contact.LETTER
        ),
    )
    assert waiting.status == Booking.Status.WAITLISTED
    return session, first, waiting


def test_staff_booking_cancel_permissions(client, resident, org_member):
    booking = BookingFactory()
    url = reverse(
        "inclusion:staff_booking_cancel", args=[booking.session_id, booking.pk]
    )
    _forbidden_for_others(client, url, resident, org_member)


def test_staff_cancel_from_the_register_promotes_the_waiting_list(
    client, inclusion_officer, django_assert_max_num_queries
):
    session, first, waiting = _full_session_with_waiting()
    force_login_with_mfa(client, inclusion_officer)
    register = reverse("inclusion:session_register", args=[session.pk])
    url = reverse("inclusion:staff_booking_cancel", args=[session.pk, first.pk])
    assert url.encode() in client.get(register).content
    with django_assert_max_num_queries(10):
        page = client.get(url)
    assert page.status_code == 200
    response = client.post(url)
    assert response.url == register
    first.refresh_from_db()
    waiting.refresh_from_db()
    session.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.BOOKED
    assert session.booked_count == 1
    entry = ModelLogEntry.objects.get(action="inclusion.booking_cancel")
    assert entry.user_id == inclusion_officer.pk
    # The promoted learner has no email: the register asks staff to tell them.
    assert (
        "Tell by phone or letter: place offered"
        in client.get(register).content.decode()
    )


def test_staff_cancel_from_the_residents_page_goes_back_there(
    client, inclusion_officer
):
    session, first, _waiting = _full_session_with_waiting()
    person = first.participant
    force_login_with_mfa(client, inclusion_officer)
    detail_url = reverse("inclusion:participant_detail", args=[person.public_id])
    url = reverse("inclusion:staff_booking_cancel", args=[session.pk, first.pk])
    assert f"{url}?from=resident".encode() in client.get(detail_url).content
    response = client.post(url, {"from": "resident"})
    assert response.url == detail_url
    first.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED


def test_staff_take_someone_off_a_sessions_waiting_list(client, inclusion_officer):
    session, first, waiting = _full_session_with_waiting()
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:staff_booking_cancel", args=[session.pk, waiting.pk])
    page = client.get(url)
    assert b"off the waiting list" in page.content
    client.post(url)
    waiting.refresh_from_db()
    first.refresh_from_db()
    session.refresh_from_db()
    assert waiting.status == Booking.Status.CANCELLED
    assert first.status == Booking.Status.BOOKED
    assert session.booked_count == 1
    # Cancelled bookings have no cancel page.
    assert client.get(url).status_code == 404


def test_staff_cancel_for_a_session_that_has_started_says_why(
    client, inclusion_officer
):
    import datetime

    from django.utils import timezone

    starts = timezone.now() - datetime.timedelta(hours=1)
    booking = BookingFactory(
        session=TrainingSessionFactory(
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
        )
    )
    force_login_with_mfa(client, inclusion_officer)
    url = reverse(
        "inclusion:staff_booking_cancel", args=[booking.session_id, booking.pk]
    )
    response = client.post(url, follow=True)
    assert b"already started" in response.content
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_staff_cancel_needs_the_bookings_own_session(client, inclusion_officer):
    booking = BookingFactory()
    other = TrainingSessionFactory()
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:staff_booking_cancel", args=[other.pk, booking.pk])
    assert client.get(url).status_code == 404


# --- "Tell by phone or letter": record that they were told --------------------------


def test_booking_mark_told_service_is_idempotent(inclusion_officer):
    session, first, waiting = _full_session_with_waiting()
    booking_cancel(booking=first, by=None)
    waiting.refresh_from_db()
    assert needs_telling_by_phone_or_letter(waiting)
    booking_mark_told(booking=waiting, staff=inclusion_officer)
    told_at = waiting.promotion_told_at
    booking_mark_told(booking=waiting, staff=inclusion_officer)
    waiting.refresh_from_db()
    assert waiting.promotion_told_at == told_at
    assert not needs_telling_by_phone_or_letter(waiting)
    assert (
        ModelLogEntry.objects.filter(action="inclusion.booking_promotion_told").count()
        == 1
    )


def test_staff_booking_told_permissions(client, resident, org_member):
    booking = BookingFactory()
    url = reverse("inclusion:staff_booking_told", args=[booking.session_id, booking.pk])
    _forbidden_for_others(client, url, resident, org_member)


def test_staff_record_they_told_the_learner_and_the_tag_goes(
    client, inclusion_officer, django_assert_max_num_queries
):
    session, first, waiting = _full_session_with_waiting()
    booking_cancel(booking=first, by=None)
    force_login_with_mfa(client, inclusion_officer)
    register = reverse("inclusion:session_register", args=[session.pk])
    url = reverse("inclusion:staff_booking_told", args=[session.pk, waiting.pk])
    assert url.encode() in client.get(register).content
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    assert client.post(url).url == register
    page = client.get(register).content.decode()
    assert "Tell by phone or letter" not in page
    assert url not in page
    # Nothing left to record: the page sends staff back to the register.
    assert client.get(url).url == register
