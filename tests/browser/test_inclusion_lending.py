"""The lending desk in a browser: an inclusion officer opens their site's
dashboard and waiting list, allocates a device to the next person, records the
collection (a due date too far first, then a good one), the return and the
data wipe. axe on every page, error states included."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from inclusion.models import Device, Loan
from inclusion.tests.factories import BorrowRequestFactory, DeviceFactory, SiteFactory
from tests.browser.helpers import submit
from tests.browser.test_inclusion_journey import officer_signs_in

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(transactional_db):

    site = SiteFactory(name="Catford Library", slug="catford-library")
    first = BorrowRequestFactory(site=site, participant__full_name="Ada Lovelace")
    BorrowRequestFactory(site=site, participant__full_name="Bea Second")
    device = DeviceFactory(home_site=site, asset_tag="LEW-TAB-0001")
    DeviceFactory(
        home_site=site, asset_tag="LEW-TAB-0002", status="being_wiped", needs_wipe=True
    )
    return {"site": site, "first": first, "device": device}


def _fill_date(page, field, day: datetime.date):
    page.fill(f"#id_{field}", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def test_officer_allocates_lends_takes_back_and_wipes_a_tablet(
    page, axe, live_server, inclusion_officer, desk
):
    today = timezone.localdate()
    officer_signs_in(page, axe, inclusion_officer)

    # The site dashboard.
    page.goto(reverse("inclusion:site_dashboard", args=["catford-library"]))
    expect(page.locator("h1")).to_have_text("Catford Library")
    expect(page.locator("[data-count='waiting']")).to_have_text("2")
    expect(page.locator("[data-count='needs-wipe']")).to_have_text("1")
    axe(page)

    # The waiting list: Ada is next.
    page.get_by_role("link", name="Waiting list").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Waiting list")
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Ada Lovelace")
    expect(first_row).to_contain_text("Next")
    axe(page)
    first_row.get_by_role("link", name=re.compile("Allocate a device")).click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Allocate a device to Ada Lovelace")
    # Only the wiped device is offered.
    expect(page.get_by_label(re.compile("LEW-TAB-0001"))).to_have_count(1)
    expect(page.get_by_label(re.compile("LEW-TAB-0002"))).to_have_count(0)
    axe(page)

    # Nothing chosen: the error state.
    submit(page, "Continue")
    expect(page).to_have_title(re.compile("^Error:"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a device")
    expect(summary).to_contain_text("Enter the collection date")
    expect(summary).to_contain_text("Enter the collection time")
    axe(page)

    page.get_by_label(re.compile("LEW-TAB-0001")).check()
    _fill_date(page, "collection_date", today)
    page.fill("#id_collection_time", "10:30am")
    submit(page, "Continue")
    expect(page.locator("h1")).to_have_text(
        "Check the allocation before you confirm it"
    )
    expect(page.locator("main")).to_contain_text("LEW-TAB-0001")
    axe(page)
    submit(page, "Confirm and allocate")

    loan = Loan.objects.get()
    expect(page).to_have_url(re.compile(str(loan.public_id)))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Device allocated"
    )
    expect(page.locator("#loan-status")).to_have_text("Reserved for collection")
    axe(page)

    # Collection: a due date 29 days on is refused, 28 is fine.
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
    expect(page.locator("#id_due_on-error")).to_be_visible()
    axe(page)
    _fill_date(page, "due_on", today + datetime.timedelta(days=28))
    submit(page, "Record collection")
    expect(page.locator("#loan-status")).to_have_text("On loan")
    due = today + datetime.timedelta(days=28)
    expect(page.locator("#loan-due")).to_contain_text(f"{due.day} {due:%B} {due.year}")
    axe(page)

    # The return.
    page.get_by_role("link", name="Record the return").click()
    page.wait_for_load_state("load")
    axe(page)
    _fill_date(page, "returned_on", today)
    submit(page, "Record the return")
    expect(page.locator("#loan-status")).to_have_text("Returned")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Wipe the device"
    )
    axe(page)

    # The wipe, from the device's page.
    page.get_by_role("link", name="LEW-TAB-0001").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Device LEW-TAB-0001")
    expect(page.locator("#device-status")).to_contain_text("Needs a data wipe")
    axe(page)
    page.get_by_label("Notes (optional)").fill("Factory reset, charger present")
    submit(page, "Record the data wipe")
    expect(page.locator("#device-status")).to_have_text("Available")
    expect(page.locator("main")).to_contain_text("Factory reset, charger present")
    axe(page)

    device = Device.objects.get(asset_tag="LEW-TAB-0001")
    assert device.status == Device.Status.AVAILABLE and not device.needs_wipe
    assert device.wipes.get().wiped_by == inclusion_officer


def test_officer_checks_overdue_loans_and_posts_a_letter(
    page, axe, live_server, inclusion_officer, transactional_db
):
    from inclusion.models import LoanReminder
    from inclusion.services.reminders import loan_reminders_send
    from inclusion.tests.factories import LoanFactory

    site = SiteFactory(name="Deptford Lounge", slug="deptford-lounge")
    LoanFactory(
        site=site,
        request__site=site,
        starts_on=timezone.localdate() - datetime.timedelta(days=31),
        request__participant__full_name="Cyril Post",
        request__participant__email="",
        request__participant__contact_preference="letter",
        request__participant__phone="020 7946 0123",
    )
    loan_reminders_send(today=timezone.localdate())

    officer_signs_in(page, axe, inclusion_officer)

    page.goto(reverse("inclusion:overdue_list"))
    expect(page.locator("h1")).to_have_text("Overdue loans")
    expect(page.locator("tbody")).to_contain_text("020 7946 0123")
    axe(page)
    page.select_option("#id_site", label="Deptford Lounge")
    submit(page, "Show")
    expect(page).to_have_title(re.compile("Deptford Lounge"))
    expect(page.locator("tbody")).to_contain_text("Cyril Post")
    axe(page)

    page.goto(reverse("inclusion:letters"))
    axe(page)
    page.get_by_role("link", name=re.compile("Cyril Post")).click()
    page.wait_for_load_state("load")
    expect(page.locator("address")).to_contain_text("Cyril Post")
    axe(page)
    submit(page, "Mark as posted")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Letter marked as posted"
    )
    expect(page.locator("main")).to_contain_text("There are no letters to print.")
    axe(page)
    assert LoanReminder.objects.get().printed_by == inclusion_officer
