"""The training pages: who may see what, what they show, and what they cost."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from civic.tests.factories import UserFactory
from inclusion.models import Booking, Participant
from inclusion.services.bookings import booking_create
from inclusion.tests.factories import (
    BookingFactory,
    CourseFactory,
    ParticipantFactory,
    SiteFactory,
    TrainingSessionFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(resident):
    return ParticipantFactory(user=resident, email=resident.email)


@pytest.fixture
def session(db):
    return TrainingSessionFactory(
        course=CourseFactory(title="Staying safe online", slug="staying-safe"),
        capacity=2,
        notes="Bring your tablet if you have one.",
    )


def _started(session):
    session.starts_at = timezone.now() - datetime.timedelta(minutes=30)
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()
    return session


# --- Public pages -----------------------------------------------------------------


def test_course_list_shows_length_skills_and_next_sessions(client, session):
    response = client.get(reverse("inclusion:course_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Staying safe online" in html
    assert "2 hours" in html
    assert "Foundation skills" in html
    assert reverse("inclusion:session_detail", args=[session.pk]) in html


def test_course_list_filters_by_borough_and_site(client, session):
    elsewhere = TrainingSessionFactory(
        course=CourseFactory(title="Smart meters"),
        site=SiteFactory(name="Croydon Clocktower", borough=_borough("Croydon")),
    )
    url = reverse("inclusion:course_list")
    html = client.get(url, {"borough": "croydon"}).content.decode()
    assert "Smart meters" in html and "Staying safe online" not in html
    html = client.get(url, {"site": session.site.slug}).content.decode()
    assert "Staying safe online" in html and "Smart meters" not in html
    assert elsewhere.pk
    # A made-up filter is not an error.
    assert client.get(url, {"borough": "atlantis"}).status_code == 200


def _borough(name):
    from civic.models import Borough

    return Borough.objects.get(name=name)


def test_course_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(2):
        TrainingSessionFactory()
    with django_assert_max_num_queries(8) as few:
        assert client.get(reverse("inclusion:course_list")).status_code == 200
    for _ in range(15):
        TrainingSessionFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("inclusion:course_list"))


def test_course_list_is_paginated(client):
    for _ in range(21):
        CourseFactory()
    response = client.get(reverse("inclusion:course_list"))
    assert len(response.context["page_obj"].object_list) == 20
    assert client.get(reverse("inclusion:course_list"), {"page": 2}).status_code == 200


def test_course_detail_lists_upcoming_sessions(
    client, session, django_assert_max_num_queries
):
    url = reverse("inclusion:course_detail", args=[session.course.slug])
    with django_assert_max_num_queries(6) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert "Upcoming sessions" in response.content.decode()
    for _ in range(10):
        TrainingSessionFactory(course=session.course)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_inactive_course_is_not_found(client):
    course = CourseFactory(is_active=False)
    assert (
        client.get(reverse("inclusion:course_detail", args=[course.slug])).status_code
        == 404
    )


def test_session_detail_shows_when_where_tutor_and_places(client, session):
    session.tutor = UserFactory(display_name="Tara Tutor")
    session.starts_at = datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC)
    session.ends_at = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)
    session.save()
    html = client.get(
        reverse("inclusion:session_detail", args=[session.pk])
    ).content.decode()
    assert "Thursday 3 December 2026, 10am to 12pm" in html
    assert "Tara Tutor" in html
    assert reverse("inclusion:site_detail", args=[session.site.slug]) in html
    assert "Bring your tablet" in html
    assert "Book a place" in html


def test_a_full_session_offers_the_waiting_list(client, session):
    session.booked_count = session.capacity
    session.save()
    html = client.get(
        reverse("inclusion:session_detail", args=[session.pk])
    ).content.decode()
    assert "Join the waiting list" in html


def test_a_cancelled_session_says_so(client, session):
    session.cancelled_at = timezone.now()
    session.save()
    html = client.get(
        reverse("inclusion:session_detail", args=[session.pk])
    ).content.decode()
    assert "This session has been cancelled" in html
    assert "Book a place" not in html


def test_session_detail_query_count(
    client, resident, learner, session, django_assert_max_num_queries
):
    client.force_login(resident)
    with django_assert_max_num_queries(8):
        assert (
            client.get(
                reverse("inclusion:session_detail", args=[session.pk])
            ).status_code
            == 200
        )


# --- Booking online --------------------------------------------------------------


def test_booking_needs_sign_in(client, session):
    response = client.get(reverse("inclusion:session_book", args=[session.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unverified_residents_confirm_their_email_first(
    client, unverified_resident, session
):
    client.force_login(unverified_resident)
    response = client.get(reverse("inclusion:session_book", args=[session.pk]))
    assert response.status_code == 302
    assert "login" not in response["Location"]


def test_resident_without_a_record_gives_their_details_first(client, resident, session):
    client.force_login(resident)
    url = reverse("inclusion:session_book", args=[session.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "inclusion:your_details"
    ) + "?next=" + url.replace("/", "%2F")


def test_resident_books_a_place(
    client, resident, learner, session, django_assert_max_num_queries
):
    client.force_login(resident)
    url = reverse("inclusion:session_book", args=[session.pk])
    assert "Confirm booking" in client.get(url).content.decode()
    with django_assert_max_num_queries(14):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("inclusion:my_training")
    booking = Booking.objects.get(participant=learner)
    assert booking.status == Booking.Status.BOOKED
    assert booking.booked_by is None


def test_booking_twice_is_refused_clearly(client, resident, learner, session):
    client.force_login(resident)
    url = reverse("inclusion:session_book", args=[session.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "You already have a place" in response.content.decode()
    assert Booking.objects.filter(participant=learner).count() == 1


def test_booking_a_past_session_is_refused_not_a_500(
    client, resident, learner, session
):
    _started(session)
    client.force_login(resident)
    response = client.post(
        reverse("inclusion:session_book", args=[session.pk]), follow=True
    )
    assert response.status_code == 200
    assert "already started" in response.content.decode()
    assert not Booking.objects.exists()


# --- Your training ---------------------------------------------------------------


def test_my_training_shows_bookings_waiting_places_and_hours(
    client, resident, learner, session, django_assert_max_num_queries
):
    full = TrainingSessionFactory(capacity=1)
    booking_create(session=full, participant=ParticipantFactory())
    booking_create(session=full, participant=learner)
    booking_create(session=session, participant=learner)
    past = _started(TrainingSessionFactory())
    BookingFactory(
        session=past, participant=learner, attendance="attended", hours=Decimal("2")
    )
    client.force_login(resident)
    with django_assert_max_num_queries(10) as few:
        response = client.get(reverse("inclusion:my_training"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 of 6 hours attended" in html
    assert "On the waiting list" in html
    assert "Booked" in html
    assert "<progress" in html
    for _ in range(8):
        BookingFactory(participant=learner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("inclusion:my_training"))


def test_my_training_without_a_record(client, resident):
    client.force_login(resident)
    response = client.get(reverse("inclusion:my_training"))
    assert response.status_code == 200
    assert "Add your details" in response.content.decode()


def test_my_training_needs_sign_in(client):
    assert client.get(reverse("inclusion:my_training")).status_code == 302


def test_cancel_confirm_then_cancel_promotes_the_next_person(
    client, resident, learner, session, django_capture_on_commit_callbacks
):
    session.capacity = 1
    session.save()
    booking = booking_create(session=session, participant=learner)
    waiting = booking_create(session=session, participant=ParticipantFactory())
    client.force_login(resident)
    url = reverse("inclusion:booking_cancel", args=[booking.pk])
    assert "Are you sure" in client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.BOOKED
    assert len(mail.outbox) == 1


def test_another_residents_booking_is_not_found(
    client, other_resident, learner, session
):
    ParticipantFactory(user=other_resident)
    booking = booking_create(session=session, participant=learner)
    client.force_login(other_resident)
    url = reverse("inclusion:booking_cancel", args=[booking.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


# --- Staff: booking for a resident ---------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("resident", 403), ("org_member", 403), ("inclusion_officer", 200)],
)
def test_staff_session_list_permissions(client, request, persona, status, session):
    user = request.getfixturevalue(persona)
    force_login_with_mfa(client, user)
    assert client.get(reverse("inclusion:staff_session_list")).status_code == status


def test_staff_session_list_anonymous_signs_in(client):
    response = client.get(reverse("inclusion:staff_session_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_session_list_for_a_resident_offers_booking(
    client, inclusion_officer, session, django_assert_max_num_queries
):
    resident = ParticipantFactory(
        full_name="Ada Offline", email="", contact_preference=Participant.Contact.LETTER
    )
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:staff_session_list")
    with django_assert_max_num_queries(14) as few:
        html = client.get(url, {"for": str(resident.public_id)}).content.decode()
    assert "Book for Ada Offline" in html
    for _ in range(10):
        TrainingSessionFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"for": str(resident.public_id)})
    assert client.get(url, {"for": "not-a-uuid"}).status_code == 404


def test_staff_book_books_and_names_the_staff_member(
    client, inclusion_officer, session
):
    resident = ParticipantFactory()
    force_login_with_mfa(client, inclusion_officer)
    response = client.post(
        reverse("inclusion:staff_book", args=[session.pk]),
        {"participant": str(resident.public_id)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "inclusion:session_register", args=[session.pk]
    )
    booking = Booking.objects.get(participant=resident)
    assert booking.booked_by == inclusion_officer


def test_staff_booking_someone_twice_names_them_in_the_error(
    client, inclusion_officer, session
):
    resident = ParticipantFactory(full_name="Ada Offline")
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:staff_book", args=[session.pk])
    client.post(url, {"participant": str(resident.public_id)})
    response = client.post(url, {"participant": str(resident.public_id)}, follow=True)
    assert response.status_code == 200
    assert (
        "Ada Offline already has a place or a waiting-list place on this session."
        in response.content.decode()
    )
    assert Booking.objects.filter(participant=resident).count() == 1


def test_staff_book_is_for_staff_only(client, resident, session):
    participant = ParticipantFactory()
    client.force_login(resident)
    response = client.post(
        reverse("inclusion:staff_book", args=[session.pk]),
        {"participant": str(participant.public_id)},
    )
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_staff_book_with_a_bad_participant_is_not_found(
    client, inclusion_officer, session
):
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:staff_book", args=[session.pk])
    assert client.post(url, {"participant": "nope"}).status_code == 404


# --- The register and attendance -------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("resident", 403),
        ("other_resident", 403),
        ("org_member", 403),
        ("inclusion_officer", 200),
    ],
)
def test_register_permissions(client, request, persona, status, session):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    assert (
        client.get(reverse("inclusion:session_register", args=[session.pk])).status_code
        == status
    )


def test_register_anonymous_signs_in(client, session):
    response = client.get(reverse("inclusion:session_register", args=[session.pk]))
    assert response.status_code == 302


def test_the_sessions_tutor_sees_the_register_but_not_others(client, session):
    tutor = UserFactory()
    session.tutor = tutor
    session.save()
    client.force_login(tutor)
    assert (
        client.get(reverse("inclusion:session_register", args=[session.pk])).status_code
        == 200
    )
    other = TrainingSessionFactory()
    assert (
        client.get(reverse("inclusion:session_register", args=[other.pk])).status_code
        == 403
    )


def test_register_shows_learners_waiting_list_and_hours_in_few_queries(
    client, inclusion_officer, session, django_assert_max_num_queries
):
    _started(session)
    session.capacity = 30
    session.save()
    offline = ParticipantFactory(
        full_name="Ada Offline", email="", contact_preference="letter"
    )
    BookingFactory(session=session, participant=offline, promoted_at=timezone.now())
    BookingFactory(
        session=session,
        status=Booking.Status.WAITLISTED,
        participant__full_name="Wendy Waiting",
    )
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:session_register", args=[session.pk])
    with django_assert_max_num_queries(12) as few:
        html = client.get(url).content.decode()
    assert "Ada Offline" in html
    assert "Tell by phone or letter: place offered" in html
    assert "Wendy Waiting" in html
    assert "Record attendance" in html
    for _ in range(10):
        learner = BookingFactory(session=session).participant
        BookingFactory(participant=learner, attendance="attended", hours=Decimal("2"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_recording_attendance_with_too_many_hours_then_correctly(
    client, inclusion_officer, session
):
    _started(session)
    booking = BookingFactory(session=session)
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:attendance_record", args=[session.pk, booking.pk])
    assert 'value="2"' in client.get(url).content.decode()
    response = client.post(url, {"attended": "yes", "hours": "3"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Hours attended must be 2 or fewer" in html
    assert 'href="#id_hours"' in html
    response = client.post(url, {"attended": "yes", "hours": "lots"})
    assert "Enter hours attended as a number" in response.content.decode()
    response = client.post(url, {})
    assert "Select whether they attended" in response.content.decode()
    response = client.post(url, {"attended": "yes", "hours": "1.5"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.hours == Decimal("1.5")
    assert booking.attendance_recorded_by == inclusion_officer


def test_attendance_before_the_session_starts_goes_back_to_the_register(
    client, inclusion_officer, session
):
    booking = BookingFactory(session=session)
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:attendance_record", args=[session.pk, booking.pk])
    response = client.get(url)
    assert response.status_code == 302


def test_attendance_permissions(client, resident, org_member, session):
    _started(session)
    booking = BookingFactory(session=session)
    url = reverse("inclusion:attendance_record", args=[session.pk, booking.pk])
    assert client.get(url).status_code == 302
    for user in (resident, org_member):
        client.force_login(user)
        assert client.get(url).status_code == 403
    tutor = UserFactory()
    session.tutor = tutor
    session.save()
    client.force_login(tutor)
    assert client.post(url, {"attended": "no"}).status_code == 302
    # A booking from another session is not found through this one.
    other = BookingFactory(session=_started(TrainingSessionFactory(tutor=tutor)))
    wrong = reverse("inclusion:attendance_record", args=[session.pk, other.pk])
    assert client.get(wrong).status_code == 404
