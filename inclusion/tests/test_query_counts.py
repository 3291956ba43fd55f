"""Every Get online page not counted elsewhere makes a fixed number of
queries: each is read once with a little data, then again after adding seven
more of everything it might list, and may not make more queries the second
time. (The other pages are counted next to their own tests.)"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.models import DeviceIncident, DeviceWipe, LoanReminder
from inclusion.services.bookings import booking_create
from inclusion.tests.factories import (
    BookingFactory,
    BorrowRequestFactory,
    ConfidenceQuestionFactory,
    DeviceFactory,
    LoanFactory,
    OpeningHoursFactory,
    ParticipantFactory,
    SchemeFactory,
    SiteFactory,
    TrainingSessionFactory,
)
from inclusion.tests.test_borrowing_views import (
    answer_all,
    answer_dob,
    answer_where,
    url,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# No page here needs more; most need far fewer.
CEILING = 24


@pytest.fixture
def world(resident, inclusion_officer):
    site = SiteFactory(runs_training=True)
    OpeningHoursFactory(site=site)
    scheme = SchemeFactory(sites=[site])
    person = ParticipantFactory(user=resident, email=resident.email)
    waiting = BorrowRequestFactory(scheme=scheme, site=site, participant=person)
    loan = LoanFactory(
        site=site, request__site=site, request__participant=person, participant=person
    )
    reserved = LoanFactory(
        site=site,
        request__site=site,
        request__status="allocated",
        device=DeviceFactory(home_site=site, status="reserved"),
        status="reserved",
        starts_on=timezone.localdate(),
    )
    session = TrainingSessionFactory(site=site)
    booking = booking_create(session=session, participant=person)
    started = TrainingSessionFactory(
        site=site,
        starts_at=timezone.now() - 3 * DAY,
        ends_at=timezone.now() - 3 * DAY + datetime.timedelta(hours=2),
    )
    past_booking = BookingFactory(session=started, participant=person)
    letter = LoanReminder.objects.create(
        loan=loan, kind=LoanReminder.Kind.DUE_SOON, channel=LoanReminder.Channel.LETTER
    )
    ConfidenceQuestionFactory()
    return {
        "site": site,
        "scheme": scheme,
        "person": person,
        "waiting": waiting,
        "loan": loan,
        "reserved": reserved,
        "session": session,
        "booking": booking,
        "started": started,
        "past_booking": past_booking,
        "letter": letter,
        "officer": inclusion_officer,
    }


def _more(w, n=7):
    """n more of everything the pages might list or look up per row."""
    site, person, officer = w["site"], w["person"], w["officer"]
    for _ in range(n):
        other_site = SiteFactory()
        OpeningHoursFactory(site=other_site)
        w["scheme"].sites.add(other_site)
        if "new_scheme" in w:
            w["new_scheme"].sites.add(other_site)
        OpeningHoursFactory(site=site, weekday=_ % 7)
        # The person's history under other schemes, and other people's.
        LoanFactory(
            site=site,
            request__site=site,
            request__participant=person,
            participant=person,
            status="returned",
            returned_on=timezone.localdate(),
        )
        BookingFactory(participant=person, session=TrainingSessionFactory(site=site))
        BookingFactory(session=w["session"])
        BookingFactory(session=w["started"])
        BorrowRequestFactory(site=site, scheme=w["scheme"])
        DeviceFactory(home_site=site)
        DeviceWipe.objects.create(
            device=w["loan"].device, wiped_by=officer, wiped_at=timezone.now()
        )
        DeviceIncident.objects.create(
            device=w["loan"].device,
            kind="damaged",
            description="Cracked screen",
            reported_by=officer,
        )
        LoanReminder.objects.create(
            loan=LoanFactory(site=site, request__site=site),
            kind=LoanReminder.Kind.OVERDUE,
            channel=LoanReminder.Channel.LETTER,
        )
        ConfidenceQuestionFactory()


def _resident(client, w):
    client.force_login(w["person"].user)


def _officer(client, w):
    force_login_with_mfa(client, w["officer"])


def _ineligible(client, w):
    _resident(client, w)
    answer_where(client, w["scheme"])
    answer_dob(client, w["scheme"], dob=datetime.date(2000, 1, 1))
    client.post(url("apply_circumstances", w["scheme"]), {"circumstances": ["none"]})


def _answered(client, w):
    # A second scheme: the resident is already waiting under the first.
    scheme = w.setdefault("new_scheme", SchemeFactory(sites=[w["site"]]))
    _resident(client, w)
    answer_all(client, scheme, w["site"])
    client.post(url("apply_consent", scheme), {"consent": "on"})


def _apply(name):
    return lambda w: url(name, w.setdefault("new_scheme", SchemeFactory()))


def _loan_url(name, which="loan"):
    return lambda w: reverse(f"inclusion:{name}", args=[w[which].public_id])


PAGES = {
    "apply_where": (_answered, _apply("apply_where")),
    "apply_dob": (_answered, _apply("apply_dob")),
    "apply_circumstances": (_answered, _apply("apply_circumstances")),
    "apply_site": (_answered, _apply("apply_site")),
    "apply_contact": (_answered, _apply("apply_contact")),
    "apply_consent": (_answered, _apply("apply_consent")),
    "apply_check": (_answered, _apply("apply_check")),
    "apply_not_eligible": (
        _ineligible,
        lambda w: url("apply_not_eligible", w["scheme"]),
    ),
    "apply_done": (_resident, _loan_url("apply_done", "waiting")),
    "request_withdraw": (_resident, _loan_url("request_withdraw", "waiting")),
    "booking_cancel": (
        _resident,
        lambda w: reverse("inclusion:booking_cancel", args=[w["booking"].pk]),
    ),
    "participant_create": (
        _officer,
        lambda w: reverse("inclusion:participant_create"),
    ),
    "participant_data": (_officer, _loan_url("participant_data", "person")),
    "participant_erase": (_officer, _loan_url("participant_erase", "person")),
    "attendance_record": (
        _officer,
        lambda w: reverse(
            "inclusion:attendance_record",
            args=[w["started"].pk, w["past_booking"].pk],
        ),
    ),
    "loan_collect": (_officer, _loan_url("loan_collect", "reserved")),
    "loan_cancel": (_officer, _loan_url("loan_cancel", "reserved")),
    "collection_letter": (_officer, _loan_url("collection_letter", "reserved")),
    "loan_extend": (_officer, _loan_url("loan_extend")),
    "loan_return": (_officer, _loan_url("loan_return")),
    "letter_print": (
        _officer,
        lambda w: reverse("inclusion:letter_print", args=[w["letter"].pk]),
    ),
    "device_incident": (
        _officer,
        lambda w: reverse(
            "inclusion:device_incident", args=[w["loan"].device.asset_tag]
        ),
    ),
    "evaluation_csv": (_officer, lambda w: reverse("inclusion:evaluation_csv")),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_query_count_does_not_grow(
    client, world, django_assert_max_num_queries, name
):
    sign_in, address = PAGES[name]
    sign_in(client, world)
    page = address(world)
    with django_assert_max_num_queries(CEILING) as few:
        response = client.get(page)
    assert response.status_code == 200, response.get("Location")
    _more(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(page).status_code == 200
