"""The lending desk's staff pages: who may see them, what they show, their
forms' errors, and query counts that do not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.models import (
    BorrowRequest,
    Device,
    DeviceIncident,
    DeviceWipe,
    Loan,
    LoanReminder,
)
from inclusion.tests.factories import (
    BorrowRequestFactory,
    DeviceFactory,
    LoanFactory,
    ParticipantFactory,
    SiteFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


@pytest.fixture
def site():
    return SiteFactory(name="Catford Library", slug="catford")


def _letter_reminder(loan):
    return LoanReminder.objects.create(loan=loan, kind="overdue", channel="letter")


def populate(site, n: int):
    """n of everything the pages list, at ``site``."""
    for _ in range(n):
        BorrowRequestFactory(site=site)
        DeviceFactory(home_site=site)
        DeviceFactory(home_site=site, status="being_wiped", needs_wipe=True)
        LoanFactory(site=site, request__site=site)  # due in 28 days
        overdue = LoanFactory(
            site=site,
            request__site=site,
            starts_on=today() - 30 * DAY,
            request__participant=ParticipantFactory(
                email="", contact_preference="letter"
            ),
        )
        _letter_reminder(overdue)


@pytest.fixture
def reserved_loan(site):
    device = DeviceFactory(home_site=site, status="reserved")
    return LoanFactory(
        site=site,
        request__site=site,
        request__status="allocated",
        device=device,
        status="reserved",
        starts_on=today(),
    )


@pytest.fixture
def current_loan(site):
    return LoanFactory(site=site, request__site=site, starts_on=today() - 5 * DAY)


@pytest.fixture
def officer_client(client, inclusion_officer):
    force_login_with_mfa(client, inclusion_officer)
    return client


def _pages(site, reserved_loan, current_loan):
    """Every page, with its address."""
    borrow = BorrowRequestFactory(site=site)
    DeviceFactory(home_site=site)
    reminder = _letter_reminder(current_loan)
    return {
        "site_dashboard": reverse("inclusion:site_dashboard", args=[site.slug]),
        "waiting_list": reverse("inclusion:waiting_list", args=[site.slug]),
        "site_loans": reverse("inclusion:site_loans", args=[site.slug, "on_loan"]),
        "site_devices": reverse(
            "inclusion:site_devices", args=[site.slug, "needs-wipe"]
        ),
        "overdue_list": reverse("inclusion:overdue_list"),
        "letters": reverse("inclusion:letters"),
        "letter_print": reverse("inclusion:letter_print", args=[reminder.pk]),
        "allocate": reverse("inclusion:allocate", args=[borrow.public_id]),
        "loan_detail": reverse("inclusion:loan_detail", args=[current_loan.public_id]),
        "loan_collect": reverse(
            "inclusion:loan_collect", args=[reserved_loan.public_id]
        ),
        "loan_cancel": reverse("inclusion:loan_cancel", args=[reserved_loan.public_id]),
        "collection_letter": reverse(
            "inclusion:collection_letter", args=[reserved_loan.public_id]
        ),
        "loan_extend": reverse("inclusion:loan_extend", args=[current_loan.public_id]),
        "loan_return": reverse("inclusion:loan_return", args=[current_loan.public_id]),
        "device_detail": reverse(
            "inclusion:device_detail", args=[current_loan.device.asset_tag]
        ),
        "device_incident": reverse(
            "inclusion:device_incident", args=[current_loan.device.asset_tag]
        ),
    }


PAGE_NAMES = [
    "site_dashboard",
    "waiting_list",
    "site_loans",
    "site_devices",
    "overdue_list",
    "letters",
    "letter_print",
    "allocate",
    "loan_detail",
    "loan_collect",
    "loan_cancel",
    "collection_letter",
    "loan_extend",
    "loan_return",
    "device_detail",
    "device_incident",
]


# --- Who may see each page --------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_anonymous_people_are_sent_to_sign_in(
    client, site, reserved_loan, current_loan, name
):
    url = _pages(site, reserved_loan, current_loan)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["resident", "org_member", "programme_manager"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_residents_and_other_staff_are_refused(
    client, request, site, reserved_loan, current_loan, name, persona
):
    user = request.getfixturevalue(persona)
    force_login_with_mfa(client, user)
    url = _pages(site, reserved_loan, current_loan)[name]
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code in (403, 405)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_inclusion_officers_see_every_page(
    officer_client, site, reserved_loan, current_loan, name
):
    url = _pages(site, reserved_loan, current_loan)[name]
    response = officer_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'style="' not in html


def test_officers_without_two_factor_sign_in_are_stopped(
    client, inclusion_officer, site
):
    client.force_login(inclusion_officer)
    response = client.get(reverse("inclusion:site_dashboard", args=[site.slug]))
    assert response.status_code == 302
    assert "dashboard" not in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/get-online/staff/sites/nowhere/",
        "/get-online/staff/sites/nowhere/waiting-list/",
        "/get-online/staff/sites/catford/loans/everything/",
        "/get-online/staff/sites/catford/devices/broken/",
        "/get-online/staff/loans/00000000-0000-0000-0000-000000000000/",
        "/get-online/staff/requests/00000000-0000-0000-0000-000000000000/allocate/",
        "/get-online/staff/devices/NO-SUCH-TAG/",
        "/get-online/staff/letters/999999/",
    ],
)
def test_unknown_things_are_not_found(officer_client, site, url):
    assert officer_client.get(url).status_code == 404


def test_a_site_that_does_not_lend_has_no_desk(officer_client):
    site = SiteFactory(lends_devices=False)
    url = reverse("inclusion:site_dashboard", args=[site.slug])
    assert officer_client.get(url).status_code == 404


# --- Query counts that do not grow with the data ------------------------------------


LIST_PAGES = [
    ("inclusion:site_dashboard", True),
    ("inclusion:waiting_list", True),
    ("inclusion:overdue_list", False),
    ("inclusion:letters", False),
]


@pytest.mark.parametrize(("url_name", "takes_site"), LIST_PAGES)
@pytest.mark.parametrize("n", [1, 12])
def test_list_pages_make_a_fixed_number_of_queries(
    officer_client, site, django_assert_max_num_queries, url_name, takes_site, n
):
    populate(site, n)
    url = reverse(url_name, args=[site.slug] if takes_site else [])
    with django_assert_max_num_queries(16):
        response = officer_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_site_lists_make_a_fixed_number_of_queries(
    officer_client, site, django_assert_max_num_queries, n
):
    populate(site, n)
    for url in (
        reverse("inclusion:site_loans", args=[site.slug, "overdue"]),
        reverse("inclusion:site_devices", args=[site.slug, "available"]),
    ):
        with django_assert_max_num_queries(14):
            assert officer_client.get(url).status_code == 200


@pytest.mark.parametrize("n", [1, 8])
def test_detail_pages_make_a_fixed_number_of_queries(
    officer_client,
    site,
    current_loan,
    inclusion_officer,
    django_assert_max_num_queries,
    n,
):
    LoanReminder.objects.create(loan=current_loan, kind="due_soon", channel="email")
    LoanReminder.objects.create(loan=current_loan, kind="overdue", channel="letter")
    for _ in range(n):
        DeviceWipe.objects.create(
            device=current_loan.device,
            wiped_by=inclusion_officer,
            wiped_at=timezone.now(),
        )
        DeviceIncident.objects.create(
            device=current_loan.device,
            kind="damaged",
            description="Scratched",
            reported_by=inclusion_officer,
        )
    BorrowRequestFactory.create_batch(n, site=site)
    DeviceFactory.create_batch(n, home_site=site)
    for url in (
        reverse("inclusion:loan_detail", args=[current_loan.public_id]),
        reverse("inclusion:device_detail", args=[current_loan.device.asset_tag]),
        reverse(
            "inclusion:allocate",
            args=[
                BorrowRequest.objects.filter(site=site, status="waiting")[0].public_id
            ],
        ),
    ):
        with django_assert_max_num_queries(16):
            assert officer_client.get(url).status_code == 200


# --- What the pages show ------------------------------------------------------------


def test_the_dashboard_counts_what_is_happening_at_the_site(officer_client, site):
    populate(site, 2)
    LoanFactory(site=site, request__site=site, starts_on=today() - 25 * DAY)  # due
    response = officer_client.get(reverse("inclusion:site_dashboard", args=[site.slug]))
    html = response.content.decode()
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric" data-count="on_loan">5</td>'
        in html
    )
    assert 'data-count="overdue">2<' in html
    assert 'data-count="due_this_week">1<' in html
    assert 'data-count="waiting">2<' in html
    assert 'data-count="needs-wipe">2<' in html
    assert "<title>Lending desk: Catford Library" in html


def test_the_waiting_list_is_in_order_with_the_next_person_marked(
    officer_client, site, inclusion_officer
):
    first = BorrowRequestFactory(site=site, participant__full_name="Ada First")
    BorrowRequestFactory(
        site=site,
        participant__full_name="Bea Second",
        applied_by=inclusion_officer,
        consent_note="Said yes at the desk",
    )
    html = officer_client.get(
        reverse("inclusion:waiting_list", args=[site.slug])
    ).content.decode()
    assert html.index("Ada First") < html.index("Bea Second")
    assert "Next" in html
    assert "Themselves, online" in html
    assert "(staff, for them)" in html
    assert reverse("inclusion:allocate", args=[first.public_id]) in html


def test_the_waiting_list_is_paginated(officer_client, site):
    BorrowRequestFactory.create_batch(26, site=site)
    url = reverse("inclusion:waiting_list", args=[site.slug])
    html = officer_client.get(url + "?page=2").content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">26</td>' in html
    assert "govuk-pagination" in html


def test_the_overdue_list_shows_how_to_contact_people_and_filters_by_site(
    officer_client, site
):
    populate(site, 1)
    elsewhere = SiteFactory(name="Deptford Lounge")
    LoanFactory(
        site=elsewhere,
        request__site=elsewhere,
        starts_on=today() - 40 * DAY,
        request__participant__full_name="Elsewhere Person",
    )
    loan = Loan.objects.filter(site=site, due_on__lt=today()).get()
    loan.participant.phone = "020 7946 0000"
    loan.participant.save()
    url = reverse("inclusion:overdue_list")
    html = officer_client.get(url).content.decode()
    assert "Elsewhere Person" in html and loan.participant.full_name in html
    assert "020 7946 0000" in html and "Letter" in html
    html = officer_client.get(url + f"?site={site.slug}").content.decode()
    assert "Elsewhere Person" not in html
    # An unknown site is ignored, not an error.
    assert officer_client.get(url + "?site=nowhere").status_code == 200


# --- Allocate -------------------------------------------------------------------------


def _allocate_data(device_, **overrides):
    day = today() + DAY
    data = {
        "device": device_.asset_tag,
        "collection_date_0": str(day.day),
        "collection_date_1": str(day.month),
        "collection_date_2": str(day.year),
        "collection_time": "2:30pm",
    }
    data.update(overrides)
    return data


def test_allocating_checks_then_confirms(officer_client, site):
    borrow = BorrowRequestFactory(site=site)
    device = DeviceFactory(home_site=site)
    DeviceFactory(home_site=site, status="being_wiped", needs_wipe=True)
    url = reverse("inclusion:allocate", args=[borrow.public_id])
    html = officer_client.get(url).content.decode()
    assert device.asset_tag in html
    assert html.count('type="radio"') == 1  # the unwiped device is not offered

    response = officer_client.post(url, _allocate_data(device))
    html = response.content.decode()
    assert "Check the allocation before you confirm it" in html
    assert not Loan.objects.exists()

    response = officer_client.post(url, _allocate_data(device, action="confirm"))
    loan = Loan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "inclusion:loan_detail", args=[loan.public_id]
    )
    assert timezone.localtime(loan.collection_at).time() == datetime.time(14, 30)
    assert loan.starts_on == today() + DAY


def test_change_on_the_check_page_goes_back_to_the_form(officer_client, site):
    borrow = BorrowRequestFactory(site=site)
    device = DeviceFactory(home_site=site)
    url = reverse("inclusion:allocate", args=[borrow.public_id])
    html = officer_client.post(
        url, _allocate_data(device, action="change")
    ).content.decode()
    assert "Allocate a device to" in html
    assert 'value="2:30pm"' in html
    assert not Loan.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message", "anchor"),
    [
        ({"device": ""}, "Select a device", "id_device"),
        (
            {"collection_date_0": ""},
            "Enter a full date, with day, month and year",
            "id_collection_date",
        ),
        (
            {"collection_date_0": "31", "collection_date_1": "2"},
            "Enter a real date",
            "id_collection_date",
        ),
        ({"collection_time": ""}, "Enter the collection time", "id_collection_time"),
        (
            {"collection_time": "25:00"},
            "Enter the collection time, like 10:30am or 14:30",
            "id_collection_time",
        ),
        (
            {"device": "NOT-A-TAG"},
            "That device is no longer available. Select another device",
            "id_device",
        ),
    ],
)
def test_allocate_errors(officer_client, site, overrides, message, anchor):
    borrow = BorrowRequestFactory(site=site)
    device = DeviceFactory(home_site=site)
    url = reverse("inclusion:allocate", args=[borrow.public_id])
    response = officer_client.post(url, _allocate_data(device, **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'href="#{anchor}"' in html
    assert "<title>Error:" in html
    assert not Loan.objects.exists()


def test_a_collection_date_in_the_past_is_refused(officer_client, site):
    borrow = BorrowRequestFactory(site=site)
    device = DeviceFactory(home_site=site)
    day = today() - DAY
    response = officer_client.post(
        reverse("inclusion:allocate", args=[borrow.public_id]),
        _allocate_data(
            device,
            collection_date_0=str(day.day),
            collection_date_1=str(day.month),
            collection_date_2=str(day.year),
        ),
    )
    assert (
        "The collection date must be today or in the future"
        in response.content.decode()
    )


def test_choosing_someone_after_the_next_needs_a_reason(officer_client, site):
    BorrowRequestFactory(site=site, participant__full_name="Ada First")
    second = BorrowRequestFactory(site=site)
    device = DeviceFactory(home_site=site)
    url = reverse("inclusion:allocate", args=[second.public_id])
    html = officer_client.get(url).content.decode()
    assert "Ada First is next on the waiting list" in html
    html = officer_client.post(
        url, _allocate_data(device, action="confirm")
    ).content.decode()
    assert "Enter why you are choosing this person before the next on the list" in html
    officer_client.post(
        url, _allocate_data(device, action="confirm", reason="Job interview on Monday")
    )
    assert Loan.objects.get().request == second


def test_a_device_taken_meanwhile_is_a_clear_error_not_a_crash(officer_client, site):
    borrow = BorrowRequestFactory(site=site)
    device = DeviceFactory(home_site=site)
    url = reverse("inclusion:allocate", args=[borrow.public_id])
    Device.objects.filter(pk=device.pk).update(status="in_repair")
    html = officer_client.post(
        url, _allocate_data(device, action="confirm")
    ).content.decode()
    assert "That device is no longer available" in html


def test_allocating_to_someone_no_longer_waiting_goes_back_to_the_list(
    officer_client, site
):
    borrow = BorrowRequestFactory(site=site, status="withdrawn")
    response = officer_client.get(
        reverse("inclusion:allocate", args=[borrow.public_id])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("inclusion:waiting_list", args=[site.slug])


def test_no_devices_available_says_so(officer_client, site):
    borrow = BorrowRequestFactory(site=site)
    html = officer_client.get(
        reverse("inclusion:allocate", args=[borrow.public_id])
    ).content.decode()
    assert "There are no devices available at Catford Library" in html


# --- The loan's actions ---------------------------------------------------------------


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def test_recording_collection_with_a_due_date_too_far_is_refused(
    officer_client, reserved_loan
):
    url = reverse("inclusion:loan_collect", args=[reserved_loan.public_id])
    data = {**_date("starts_on", today()), **_date("due_on", today() + 29 * DAY)}
    response = officer_client.post(url, data)
    html = response.content.decode()
    assert "The due date must be no more than 28 days after the start date" in html
    assert 'href="#id_due_on"' in html
    reserved_loan.refresh_from_db()
    assert reserved_loan.status == Loan.Status.RESERVED
    # The dates typed are kept.
    assert f'value="{(today() + 29 * DAY).day}"' in html

    data = {**_date("starts_on", today()), **_date("due_on", today() + 28 * DAY)}
    response = officer_client.post(url, data)
    assert response.status_code == 302
    reserved_loan.refresh_from_db()
    assert reserved_loan.status == Loan.Status.ON_LOAN


def test_extend_shows_why_it_is_refused(officer_client, site, current_loan):
    BorrowRequestFactory.create_batch(3, site=site)
    url = reverse("inclusion:loan_extend", args=[current_loan.public_id])
    html = officer_client.post(url, {"days": "7"}).content.decode()
    assert (
        "You cannot extend this loan: 3 people are waiting at Catford Library" in html
    )
    html = officer_client.post(url, {"days": "15"}).content.decode()
    assert "Enter a number of days between 1 and 14" in html
    assert 'href="#id_days"' in html


def test_extend_when_nobody_is_waiting(officer_client, current_loan):
    url = reverse("inclusion:loan_extend", args=[current_loan.public_id])
    response = officer_client.post(url, {"days": "7"})
    assert response.status_code == 302
    current_loan.refresh_from_db()
    assert current_loan.is_extended
    # The link is gone from the loan page and the form refuses a second time.
    html = officer_client.get(response["Location"]).content.decode()
    assert "Extend the loan" not in html
    html = officer_client.post(url, {"days": "3"}).content.decode()
    assert "already been extended once" in html


def test_return_then_wipe(officer_client, current_loan):
    url = reverse("inclusion:loan_return", args=[current_loan.public_id])
    html = officer_client.post(
        url, _date("returned_on", today() + DAY)
    ).content.decode()
    assert "The return date must be today or in the past" in html
    response = officer_client.post(url, _date("returned_on", today()))
    assert response.status_code == 302
    device = current_loan.device
    device.refresh_from_db()
    assert device.needs_wipe
    device_url = reverse("inclusion:device_detail", args=[device.asset_tag])
    html = officer_client.get(device_url).content.decode()
    assert "Record a data wipe" in html
    response = officer_client.post(device_url, {"notes": "Reset to factory settings"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.status == Device.Status.AVAILABLE and not device.needs_wipe
    html = officer_client.get(device_url).content.decode()
    assert "Record a data wipe" not in html
    assert "Reset to factory settings" in html


def test_cancel_needs_a_reason(officer_client, reserved_loan):
    url = reverse("inclusion:loan_cancel", args=[reserved_loan.public_id])
    html = officer_client.post(url, {"reason": ""}).content.decode()
    assert "Enter why you are cancelling the reservation" in html
    officer_client.post(url, {"reason": "Moved away"})
    reserved_loan.refresh_from_db()
    assert reserved_loan.status == Loan.Status.CANCELLED


def test_report_lost(officer_client, current_loan):
    url = reverse("inclusion:device_incident", args=[current_loan.device.asset_tag])
    html = officer_client.post(url, {"description": "Gone"}).content.decode()
    assert "Select whether the device was lost or damaged" in html
    officer_client.post(url, {"kind": "lost", "description": "Stolen from a bag"})
    current_loan.refresh_from_db()
    assert current_loan.status == Loan.Status.LOST


def test_actions_on_a_loan_in_the_wrong_state_go_back_to_the_loan(
    officer_client, current_loan, reserved_loan
):
    for name, loan in (
        ("inclusion:loan_collect", current_loan),
        ("inclusion:loan_cancel", current_loan),
        ("inclusion:loan_extend", reserved_loan),
        ("inclusion:loan_return", reserved_loan),
    ):
        response = officer_client.get(reverse(name, args=[loan.public_id]))
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "inclusion:loan_detail", args=[loan.public_id]
        )


# --- Letters ------------------------------------------------------------------------


def test_a_letter_prints_with_the_address_and_can_be_marked_posted(
    officer_client, current_loan
):
    participant = current_loan.participant
    reminder = _letter_reminder(current_loan)
    html = officer_client.get(
        reverse("inclusion:letter_print", args=[reminder.pk])
    ).content.decode()
    assert participant.address_line_1 in html and participant.postcode in html
    assert "inclusion/print.css" in html
    assert "was due back on" in html
    response = officer_client.post(
        reverse("inclusion:letter_mark_posted", args=[reminder.pk])
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.printed_at is not None
    html = officer_client.get(reverse("inclusion:letters")).content.decode()
    assert "There are no letters to print." in html


def test_letters_no_longer_needed_are_not_listed_to_print(officer_client, site):
    extended = LoanFactory(
        site=site,
        request__site=site,
        starts_on=today() - 26 * DAY,
        request__participant__full_name="Ezra Extended",
    )
    returned = LoanFactory(
        site=site,
        request__site=site,
        starts_on=today() - 30 * DAY,
        request__participant__full_name="Rhoda Returned",
    )
    waiting = LoanFactory(
        site=site,
        request__site=site,
        starts_on=today() - 30 * DAY,
        request__participant__full_name="Olive Overdue",
    )
    for loan in (extended, returned, waiting):
        _letter_reminder(loan)
    Loan.objects.filter(pk=extended.pk).update(
        due_on=extended.due_on + 7 * DAY, extended_at=timezone.now()
    )
    Loan.objects.filter(pk=returned.pk).update(status="returned", returned_on=today())
    html = officer_client.get(reverse("inclusion:letters")).content.decode()
    assert "Olive Overdue" in html
    assert "Ezra Extended" not in html and "Rhoda Returned" not in html


def test_marking_posted_needs_a_post(officer_client, current_loan):
    reminder = _letter_reminder(current_loan)
    url = reverse("inclusion:letter_mark_posted", args=[reminder.pk])
    assert officer_client.get(url).status_code == 405


def test_an_email_reminder_has_no_letter_page(officer_client, current_loan):
    reminder = LoanReminder.objects.create(
        loan=current_loan, kind="due_soon", channel="email"
    )
    url = reverse("inclusion:letter_print", args=[reminder.pk])
    assert officer_client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["resident", "org_member"])
def test_only_lending_staff_can_mark_a_letter_posted(
    client, request, current_loan, persona
):
    reminder = _letter_reminder(current_loan)
    url = reverse("inclusion:letter_mark_posted", args=[reminder.pk])
    assert client.post(url).status_code == 302  # anonymous: sign in
    force_login_with_mfa(client, request.getfixturevalue(persona))
    assert client.post(url).status_code == 403
    reminder.refresh_from_db()
    assert reminder.printed_at is None


def test_the_collection_form_starts_with_the_booked_dates(
    officer_client, reserved_loan
):
    html = officer_client.get(
        reverse("inclusion:loan_collect", args=[reserved_loan.public_id])
    ).content.decode()
    assert f'value="{reserved_loan.due_on.year}"' in html
    assert f'value="{reserved_loan.due_on.day}"' in html


def test_recording_a_wipe_twice_is_not_an_error(officer_client, site):
    device = DeviceFactory(home_site=site)
    url = reverse("inclusion:device_detail", args=[device.asset_tag])
    response = officer_client.post(url, {"notes": ""})
    assert response.status_code == 302
    assert not device.wipes.exists()
