"""The whole Get online journey in one browser: a resident applies online; an
inclusion officer (two-factor sign-in) allocates them a tablet and records the
loan at collection; the officer books them on a training session from their
record and records their attendance; the resident sees the due date and their
hours on "Your loan". axe on every page visited, error states included."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from civic.tests.factories import DEFAULT_PASSWORD
from inclusion.models import Booking, BorrowRequest, Loan, TrainingSession
from inclusion.tests.factories import (
    CourseFactory,
    DeviceFactory,
    SchemeFactory,
    SiteFactory,
    TrainingSessionFactory,
)
from tests.browser.helpers import choose, sign_in_as, submit
from tests.fixtures import totp_code

pytestmark = pytest.mark.browser


@pytest.fixture
def programme(transactional_db):
    site = SiteFactory(name="Catford Library", slug="catford-library")
    scheme = SchemeFactory(
        name="Lewisham tablet loans", slug="lewisham-tablets", sites=[site]
    )
    DeviceFactory(home_site=site, asset_tag="LEW-TAB-0001")
    session = TrainingSessionFactory(
        course=CourseFactory(
            title="Getting started with your tablet",
            slug="getting-started",
            hours=Decimal("2"),
        ),
        site=site,
        capacity=8,
    )
    return {"site": site, "scheme": scheme, "session": session}


def _fill_date(page, field, day: datetime.date):
    page.fill(f"#id_{field}", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def _resident_applies(page, axe, scheme):
    page.goto(reverse("inclusion:apply_start", args=[scheme.slug]))
    expect(page.locator("h1")).to_have_text("Lewisham tablet loans")
    axe(page)
    page.get_by_role("button", name=re.compile("Start now")).click()
    page.wait_for_load_state("load")

    expect(page.locator("h1")).to_have_text("Where do you live?")
    axe(page)
    # Nothing entered: the error state.
    submit(page, "Continue")
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.fill("#id_postcode", "se6 4jf")
    choose(page, "id_borough", "Lewisham")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("What is your date of birth?")
    axe(page)
    page.fill("#id_date_of_birth", "17")
    page.fill("#id_date_of_birth_1", "5")
    page.fill("#id_date_of_birth_2", "1960")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Do any of these apply to you?")
    axe(page)
    page.get_by_label("None of these").check()
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text(
        "Where do you want to collect your tablet from?"
    )
    axe(page)
    page.get_by_label(re.compile("Catford Library")).check()
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Your contact details")
    axe(page)
    page.fill("#id_full_name", "Rita Resident")
    page.fill("#id_address_line_1", "1 Rushey Green")
    page.get_by_label("Email", exact=True).check()
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("What we hold about you and why")
    axe(page)
    page.get_by_label(re.compile("I agree")).check()
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text(
        "Check your answers before joining the waiting list"
    )
    axe(page)
    submit(page, "Join the waiting list")
    expect(page.locator("main")).to_contain_text(
        "You are number 1 on the waiting list at Catford Library."
    )
    axe(page)


def officer_signs_in(page, axe, officer):
    """Password, then the authenticator code; axe on both pages. (The other
    Get online journeys use this too.)"""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    axe(page)
    page.fill("#id_login", officer.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    axe(page)
    page.fill("#id_code", totp_code())
    submit(page)
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))


def _officer_allocates_and_lends(page, axe, today):
    page.goto(reverse("inclusion:staff_home"))
    axe(page)
    page.goto(reverse("inclusion:site_dashboard", args=["catford-library"]))
    expect(page.locator("h1")).to_have_text("Catford Library")
    axe(page)
    page.get_by_role("link", name="Waiting list").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Waiting list")
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Rita Resident")
    axe(page)
    first_row.get_by_role("link", name=re.compile("Allocate a device")).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Allocate a device to Rita Resident")
    axe(page)
    page.get_by_label(re.compile("LEW-TAB-0001")).check()
    _fill_date(page, "collection_date", today)
    page.fill("#id_collection_time", "10:30am")
    submit(page, "Continue")
    expect(page.locator("h1")).to_have_text(
        "Check the allocation before you confirm it"
    )
    axe(page)
    submit(page, "Confirm and allocate")
    expect(page.locator("#loan-status")).to_have_text("Reserved for collection")
    axe(page)

    # At collection: 29 days is refused, then 28.
    page.get_by_role("link", name="Record collection").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Record collection")
    axe(page)
    _fill_date(page, "starts_on", today)
    _fill_date(page, "due_on", today + datetime.timedelta(days=29))
    submit(page, "Record collection")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The due date must be no more than 28 days after the start date"
    )
    axe(page)
    _fill_date(page, "due_on", today + datetime.timedelta(days=28))
    submit(page, "Record collection")
    expect(page.locator("#loan-status")).to_have_text("On loan")
    axe(page)


def _officer_books_and_records_attendance(page, axe, session):
    # From the loan to the resident's record, and on to book them a session.
    page.locator("main").get_by_role("link", name="Rita Resident").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Rita Resident")
    axe(page)
    page.get_by_role("link", name="Book a training session").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Book a session for a resident")
    axe(page)
    page.get_by_role("button", name=re.compile("Book for Rita Resident")).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Register")
    expect(page.locator("#main-content")).to_contain_text(
        "Rita Resident has a place on this session"
    )
    axe(page)

    # The session takes place.
    started = timezone.now() - datetime.timedelta(hours=2)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + datetime.timedelta(hours=2)
    )
    page.reload()
    axe(page)
    page.get_by_role("link", name=re.compile("Record attendance")).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Record attendance for Rita Resident")
    axe(page)
    # Nothing chosen: the error state.
    submit(page, "Save attendance")
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.get_by_label("Attended", exact=True).check()
    page.fill("#id_hours", "2")
    submit(page, "Save attendance")
    expect(page.locator("h1")).to_have_text("Register")
    expect(page.locator("tr", has_text="Rita Resident")).to_contain_text(
        "Attended (2 hours)"
    )
    axe(page)


def test_resident_applies_officer_lends_and_trains_resident_sees_it_all(
    page, axe, live_server, resident, inclusion_officer, programme
):
    today = timezone.localdate()
    sign_in_as(page, live_server, resident)
    _resident_applies(page, axe, programme["scheme"])
    request = BorrowRequest.objects.get(participant__user=resident)
    assert request.applied_by is None

    officer_signs_in(page, axe, inclusion_officer)
    _officer_allocates_and_lends(page, axe, today)
    loan = Loan.objects.get(participant__user=resident)
    assert loan.status == Loan.Status.ON_LOAN
    assert loan.due_on == today + datetime.timedelta(days=28)

    _officer_books_and_records_attendance(page, axe, programme["session"])
    booking = Booking.objects.get(participant__user=resident)
    assert booking.booked_by == inclusion_officer
    assert booking.hours == Decimal("2")

    # The resident, signed in again, sees it all on "Your loan".
    page.context.clear_cookies()
    sign_in_as(page, live_server, resident)
    page.goto(reverse("inclusion:my_programme"))
    expect(page.locator("h1")).to_have_text("Your tablet loan and training")
    due = loan.due_on
    expect(page.locator("main")).to_contain_text(
        f"{due:%A} {due.day} {due:%B} {due.year}"
    )
    expect(page.locator("main")).to_contain_text(
        "You have done 2 of the 6 hours of free training."
    )
    expect(page.locator("main")).to_contain_text("LEW-TAB-0001")
    axe(page)


def test_officer_acts_for_residents_who_are_not_online(
    page, axe, live_server, inclusion_officer, programme
):
    """Change a record (an error first), cancel a booking from the register so
    the place goes to someone without email, record that they were told, and
    take someone off a lending waiting list."""
    from inclusion.models import Participant
    from inclusion.services.bookings import booking_create
    from inclusion.tests.factories import BorrowRequestFactory, ParticipantFactory

    session = programme["session"]
    TrainingSession.objects.filter(pk=session.pk).update(capacity=1)
    session.refresh_from_db()
    letter = {"email": "", "contact_preference": Participant.Contact.LETTER}
    ada = ParticipantFactory(full_name="Ada Offline", phone="020 7946 0001", **letter)
    joan = ParticipantFactory(full_name="Joan Waiting", phone="020 7946 0002", **letter)
    booking_create(session=session, participant=ada, staff=inclusion_officer)
    booking_create(session=session, participant=joan, staff=inclusion_officer)
    waiting = BorrowRequestFactory(
        scheme=programme["scheme"], site=programme["site"], participant=ada
    )

    officer_signs_in(page, axe, inclusion_officer)
    page.goto(reverse("inclusion:participant_detail", args=[ada.public_id]))
    expect(page.locator("h1")).to_have_text("Ada Offline")
    axe(page)

    # Change their details: a blank name first.
    page.get_by_role("link", name="Change their details").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Change the record for Ada Offline")
    axe(page)
    page.fill("#id_full_name", "")
    submit(page, "Save changes")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the resident’s full name"
    )
    axe(page)
    page.fill("#id_full_name", "Ada Lovelace-Offline")
    submit(page, "Save changes")
    expect(page.locator("h1")).to_have_text("Ada Lovelace-Offline")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Record updated")
    axe(page)

    # Cancel her training booking from her record: Joan gets the place.
    page.get_by_role("link", name=re.compile("Cancel booking")).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text(
        "Cancel the booking for Ada Lovelace-Offline"
    )
    axe(page)
    submit(page, "Yes, cancel the booking")
    expect(page.locator("h1")).to_have_text("Ada Lovelace-Offline")
    expect(page.locator("main")).to_contain_text("The place has gone to Joan Waiting")
    axe(page)

    # The register asks staff to tell Joan, who has no email; they do.
    page.goto(reverse("inclusion:session_register", args=[session.pk]))
    row = page.locator("tr", has_text="Joan Waiting")
    expect(row).to_contain_text("Tell by phone or letter: place offered")
    axe(page)
    row.get_by_role("link", name=re.compile("Record that you have told them")).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text(
        "Have you told Joan Waiting about their place?"
    )
    expect(page.locator("main")).to_contain_text("020 7946 0002")
    axe(page)
    submit(page, "Yes, they have been told")
    expect(page.locator("tr", has_text="Joan Waiting")).not_to_contain_text(
        "Tell by phone or letter"
    )
    axe(page)

    # Take Ada off the lending waiting list, from her record.
    page.goto(reverse("inclusion:participant_detail", args=[ada.public_id]))
    page.get_by_role("link", name=re.compile("Take off waiting list")).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text(
        "Take Ada Lovelace-Offline off the waiting list"
    )
    axe(page)
    submit(page, "Yes, take them off the waiting list")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "has left the waiting list at Catford Library"
    )
    axe(page)
    waiting.refresh_from_db()
    assert waiting.status == BorrowRequest.Status.WITHDRAWN
