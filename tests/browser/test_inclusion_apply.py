"""Applying to borrow a tablet in a browser: (a) a resident, through an error,
a "not eligible" answer and then an eligible application, to their place on
the waiting list; (b) an inclusion officer who makes a record for a resident
who is not online and applies for them. axe on every page, errors included."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inclusion.models import BorrowRequest, Participant
from inclusion.tests.factories import SchemeFactory, SiteFactory
from tests.browser.helpers import choose, sign_in_as, submit
from tests.browser.test_inclusion_journey import officer_signs_in

pytestmark = pytest.mark.browser


@pytest.fixture
def scheme(transactional_db):
    site = SiteFactory(name="Catford Library", slug="catford-library")
    return SchemeFactory(
        name="Lewisham tablet loans", slug="lewisham-tablets", sites=[site]
    )


def _date_of_birth(page, day, month, year):
    page.fill("#id_date_of_birth", day)
    page.fill("#id_date_of_birth_1", month)
    page.fill("#id_date_of_birth_2", year)


def test_resident_is_refused_then_applies_and_sees_their_place(
    page, axe, live_server, resident, scheme
):
    sign_in_as(page, live_server, resident)
    page.goto(reverse("inclusion:apply_start", args=[scheme.slug]))
    expect(page.locator("h1")).to_have_text("Lewisham tablet loans")
    axe(page)
    page.get_by_role("button", name=re.compile("Start now")).click()
    page.wait_for_load_state("load")

    expect(page.locator("h1")).to_have_text("Where do you live?")
    axe(page)
    page.fill("#id_postcode", "se6 4jf")
    choose(page, "id_borough", "Lewisham")
    submit(page, "Continue")

    # No date of birth: the error state.
    expect(page.locator("h1")).to_have_text("What is your date of birth?")
    axe(page)
    submit(page, "Continue")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter your date of birth"
    )
    axe(page)

    # Too young, and none of the circumstances: not eligible.
    _date_of_birth(page, "1", "1", "2000")
    submit(page, "Continue")
    expect(page.locator("h1")).to_have_text("Do any of these apply to you?")
    axe(page)
    page.get_by_label("None of these").check()
    submit(page, "Continue")
    expect(page.locator("h1")).to_have_text(
        "You cannot borrow a tablet from this scheme"
    )
    expect(page.locator("main")).to_contain_text("aged 50 or over")
    expect(page.locator("main")).to_contain_text(scheme.other_help)
    axe(page)

    # The real date of birth this time.
    page.get_by_role("link", name="Change your answers").click()
    page.wait_for_load_state("load")
    submit(page, "Continue")
    _date_of_birth(page, "17", "5", "1960")
    submit(page, "Continue")
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
    expect(page.locator("main")).to_contain_text("17 May 1960")
    axe(page)
    submit(page, "Join the waiting list")

    expect(page.locator("main")).to_contain_text(
        "You are number 1 on the waiting list at Catford Library. "
        "We will email you when a tablet is ready."
    )
    axe(page)
    assert BorrowRequest.objects.filter(participant__user=resident).count() == 1

    page.get_by_role("link", name="See your place on the waiting list").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Your tablet loan and training")
    expect(page.locator("main")).to_contain_text("Number 1 on the waiting list")
    axe(page)


def test_officer_makes_a_record_and_applies_for_a_resident(
    page, axe, live_server, inclusion_officer, scheme
):
    inclusion_officer.display_name = "Ines Inclusion"
    inclusion_officer.save()
    officer_signs_in(page, axe, inclusion_officer)

    page.goto(reverse("inclusion:staff_home"))
    expect(page.locator("h1")).to_have_text("Lending desk")
    axe(page)
    page.get_by_role("link", name="Find a resident").click()
    page.wait_for_load_state("load")
    axe(page)
    page.fill("#id_q", "Nora")
    submit(page, "Search")
    expect(page.locator("main")).to_contain_text("0 residents found")
    axe(page)
    page.get_by_role(
        "link", name="Create a record for a resident who is not online"
    ).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Create a record for a resident")
    axe(page)

    submit(page, "Create record")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the resident’s full name"
    )
    axe(page)

    page.fill("#id_full_name", "Nora Notonline")
    _date_of_birth(page, "3", "4", "1950")
    page.fill("#id_address_line_1", "22 Sangley Road")
    page.fill("#id_postcode", "SE6 2JN")
    choose(page, "id_borough", "Lewisham")
    page.fill("#id_phone", "020 8000 0002")
    page.get_by_label("Letter", exact=True).check()
    page.locator("#id_consent_how").check()  # "In person", the first option
    submit(page, "Create record")

    expect(page.locator("h1")).to_have_text("Nora Notonline")
    axe(page)
    participant = Participant.objects.get(full_name="Nora Notonline")
    assert participant.created_by == inclusion_officer

    page.get_by_role("link", name="Apply for Lewisham tablet loans").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Apply for Nora Notonline")
    axe(page)
    submit(page, "Add them to the waiting list")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select how the resident gave their consent"
    )
    axe(page)
    page.get_by_label("None of these").check()
    page.get_by_label(re.compile("Catford Library")).check()
    page.locator("#id_consent_note").check()
    submit(page, "Add them to the waiting list")

    expect(page.locator("h1")).to_have_text("Nora Notonline")
    expect(page.locator("main")).to_contain_text("Applied for by Ines Inclusion")
    expect(page.locator("main")).to_contain_text("consent given in person")
    axe(page)
    made = BorrowRequest.objects.get(participant=participant)
    assert made.applied_by == inclusion_officer
    assert made.consent_note == "in person"
