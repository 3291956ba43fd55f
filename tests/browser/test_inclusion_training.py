"""Skills training in a browser: (a) an officer books a session for a
resident who is not online and records their attendance, an error first;
(b) a resident books a session online and sees it, and their hours, on "Your
training". axe on every page, error states included."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from inclusion.models import Booking, Participant
from inclusion.tests.factories import (
    BookingFactory,
    CourseFactory,
    ParticipantFactory,
    SiteFactory,
    TrainingSessionFactory,
)
from tests.browser.helpers import sign_in_as, submit
from tests.browser.test_inclusion_journey import officer_signs_in

pytestmark = pytest.mark.browser


@pytest.fixture
def session(transactional_db):
    return TrainingSessionFactory(
        course=CourseFactory(
            title="Staying safe online", slug="staying-safe", hours=Decimal("2")
        ),
        site=SiteFactory(name="Catford Library", slug="catford-library"),
        capacity=6,
        notes="Ask for the learning room on the first floor.",
    )


def test_officer_books_a_session_for_a_resident_and_records_attendance(
    page, axe, live_server, inclusion_officer, session
):
    resident = ParticipantFactory(
        full_name="Ada Offline",
        email="",
        contact_preference=Participant.Contact.LETTER,
    )
    officer_signs_in(page, axe, inclusion_officer)

    page.goto(reverse("inclusion:staff_session_list") + f"?for={resident.public_id}")
    expect(page.locator("h1")).to_have_text("Book a session for a resident")
    axe(page)
    page.get_by_role("button", name=re.compile("Book for Ada Offline")).click()
    page.wait_for_load_state("load")

    expect(page.locator("h1")).to_have_text("Register")
    expect(page.locator("#main-content")).to_contain_text(
        "Ada Offline has a place on this session"
    )
    axe(page)
    booking = Booking.objects.get(participant=resident)

    # Booking them again: the error state.
    page.goto(reverse("inclusion:staff_session_list") + f"?for={resident.public_id}")
    page.get_by_role("button", name=re.compile("Book for Ada Offline")).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Book a session for a resident")
    expect(page.locator("main")).to_contain_text(
        "Ada Offline already has a place or a waiting-list place on this session."
    )
    axe(page)
    assert Booking.objects.filter(participant=resident).count() == 1
    assert booking.booked_by == inclusion_officer

    # The session takes place.
    started = timezone.now() - datetime.timedelta(hours=2)
    type(session).objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + datetime.timedelta(hours=2)
    )
    page.goto(reverse("inclusion:session_register", args=[session.pk]))
    expect(page.locator("h1")).to_have_text("Register")
    axe(page)
    page.get_by_role("link", name=re.compile("Record attendance")).click()
    expect(page.locator("h1")).to_have_text("Record attendance for Ada Offline")
    axe(page)

    page.get_by_label("Attended", exact=True).check()
    page.fill("#id_hours", "3")
    submit(page, "Save attendance")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Hours attended must be 2 or fewer"
    )
    axe(page)

    page.get_by_label("Attended", exact=True).check()
    page.fill("#id_hours", "1.5")
    submit(page, "Save attendance")
    expect(page.locator("h1")).to_have_text("Register")
    row = page.locator("tr", has_text="Ada Offline")
    expect(row).to_contain_text("Attended (1.5 hours)")
    expect(row).to_contain_text("1.5")
    axe(page)


def test_resident_books_online_and_sees_booking_and_hours(
    page, axe, live_server, resident, session
):
    learner = ParticipantFactory(
        user=resident, full_name="Rita Resident", email=resident.email
    )
    earlier = timezone.now() - datetime.timedelta(days=7)
    BookingFactory(
        participant=learner,
        session=TrainingSessionFactory(
            starts_at=earlier, ends_at=earlier + datetime.timedelta(hours=2)
        ),
        attendance=Booking.Attendance.ATTENDED,
        hours=Decimal("2"),
    )
    sign_in_as(page, live_server, resident)

    page.goto(reverse("inclusion:course_list"))
    expect(page.locator("h1")).to_have_text("Digital skills courses")
    axe(page)
    page.get_by_role("link", name="Staying safe online").click()
    expect(page.locator("h1")).to_have_text("Staying safe online")
    axe(page)
    page.locator("table").get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text("Staying safe online")
    expect(page.locator("#main-content")).to_contain_text("Catford Library")
    axe(page)

    page.get_by_role("button", name="Book a place").click()
    expect(page.locator("h1")).to_have_text("Book a place")
    axe(page)
    submit(page, "Confirm booking")

    expect(page.locator("h1")).to_have_text("Your training")
    expect(page.locator("#main-content")).to_contain_text("You have a place on")
    expect(page.locator("#main-content")).to_contain_text("2 of 6 hours attended")
    expect(page.locator("tr", has_text="Staying safe online")).to_contain_text("Booked")
    axe(page)
    assert Booking.objects.get(session=session).participant == learner


def test_resident_answers_the_questionnaire_and_officer_sees_the_evaluation(
    page, axe, live_server, resident, inclusion_officer, transactional_db
):
    from inclusion.models import ConfidenceCheck
    from inclusion.tests.factories import ConfidenceQuestionFactory, LoanFactory

    ConfidenceQuestionFactory(text="I can make a video call")
    ConfidenceQuestionFactory(text="I can tell when an email is a scam")
    learner = ParticipantFactory(user=resident, email=resident.email)
    loan = LoanFactory(participant=learner, request__participant=learner)
    sign_in_as(page, live_server, resident)

    page.goto(reverse("inclusion:confidence_online", args=[loan.public_id, "start"]))
    expect(page.locator("h1")).to_have_text("How confident are you online?")
    axe(page)
    submit(page, "Send your answers")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select how confident you are that you can make a video call"
    )
    axe(page)
    page.locator("input[type=radio][value='2']").nth(0).check()
    page.locator("input[type=radio][value='3']").nth(1).check()
    submit(page, "Send your answers")
    expect(page.locator("h1")).to_have_text("You have already answered")
    axe(page)
    assert ConfidenceCheck.objects.get().source == "online"

    officer_signs_in(page, axe, inclusion_officer)
    page.goto(reverse("inclusion:evaluation"))
    expect(page.locator("h1")).to_have_text("Programme evaluation")
    expect(page.locator("#main-content")).to_contain_text("fewer than 10")
    expect(
        page.get_by_role("img", name=re.compile("People helped, by site"))
    ).to_be_visible()
    axe(page)
