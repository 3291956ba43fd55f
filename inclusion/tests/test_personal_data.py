"""Get online's part of "Download my data" and "Delete my account", and the
staff desk's buttons for residents with no account: after erasure nothing
names the resident, each device keeps its loan history, and the programme's
evaluation figures are unchanged."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from civic.registry import registry
from civic.retention import run_retention
from civic.tests.factories import UserFactory
from inclusion import personal_data
from inclusion.models import (
    Booking,
    BorrowRequest,
    ConfidenceAnswer,
    ConfidenceCheck,
    Device,
    Loan,
    LoanReminder,
    Participant,
)
from inclusion.selectors_evaluation import programme_evaluation
from inclusion.services.erasure import Erasure, participant_erase
from inclusion.tests.factories import (
    BookingFactory,
    BorrowRequestFactory,
    ConfidenceQuestionFactory,
    DeviceFactory,
    LoanFactory,
    ParticipantFactory,
    SchemeFactory,
    SiteFactory,
    TrainingSessionFactory,
)
from tests.data_rights import find_in_database, personal_strings
from tests.fixtures import force_login_with_mfa

NAME = "Patricia Okonkwo-Blake"
EMAIL = "pat.okonkwo@example.com"
PHONE = "07700 900123"
ADDRESS = "12 Rushey Green"
POSTCODE = "SE6 2AB"


def _past(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _resident(user=None, **kwargs) -> Participant:
    return ParticipantFactory(
        user=user,
        full_name=NAME,
        email=EMAIL,
        phone=PHONE,
        address_line_1=ADDRESS,
        postcode=POSTCODE,
        date_of_birth=datetime.date(1960, 5, 17),
        **kwargs,
    )


def _returned_loan(participant, staff, **request_kwargs):
    site = SiteFactory()
    request = BorrowRequestFactory(
        participant=participant,
        site=site,
        status=BorrowRequest.Status.COMPLETED,
        circumstances=["disabled", "unemployed"],
        closed_at=_past(10),
        **request_kwargs,
    )
    started = timezone.localdate() - datetime.timedelta(days=40)
    return LoanFactory(
        request=request,
        device=DeviceFactory(home_site=site),
        status=Loan.Status.RETURNED,
        collection_at=_past(40),
        starts_on=started,
        original_due_on=started + datetime.timedelta(days=28),
        returned_on=started + datetime.timedelta(days=27),
        allocated_by=staff,
    )


def _activity(participant, staff):
    """A returned loan with questionnaires and a reminder, a training session
    attended, a future booking and a waiting-list place."""
    loan = _returned_loan(participant, staff)
    LoanReminder.objects.create(loan=loan, kind="due_soon", channel="email")
    questions = [ConfidenceQuestionFactory() for _ in range(2)]
    for stage, score in [("start", 2), ("end", 4)]:
        check = ConfidenceCheck.objects.create(
            participant=participant,
            loan=loan,
            stage=stage,
            source="paper",
            entered_by=staff,
            completed_at=_past(30),
        )
        for question in questions:
            ConfidenceAnswer.objects.create(
                check_record=check, question=question, score=score
            )
    past = TrainingSessionFactory(
        starts_at=_past(20), ends_at=_past(20) + datetime.timedelta(hours=2)
    )
    BookingFactory(
        session=past,
        participant=participant,
        attendance=Booking.Attendance.ATTENDED,
        hours=Decimal("2"),
        attendance_recorded_by=staff,
    )
    future = TrainingSessionFactory(booked_count=1)
    booking = BookingFactory(session=future, participant=participant, booked_by=staff)
    waiting = BorrowRequestFactory(
        participant=participant,
        scheme=SchemeFactory(),
        circumstances=["carer"],
        applied_by=staff,
        consent_note=f"In person, {NAME} signed the form",
    )
    return {"loan": loan, "booking": booking, "waiting": waiting}


@pytest.fixture
def staff(db):
    return UserFactory(email="desk@example.com", display_name="Dee Desk")


@pytest.fixture
def person(db):
    return UserFactory(email=EMAIL, display_name="Pat O")


@pytest.fixture
def resident_record(person, staff):
    participant = _resident(user=person)
    return participant, _activity(participant, staff)


@pytest.fixture
def others(staff):
    """Nine other people helped, so the evaluation is not suppressed."""
    people = [ParticipantFactory() for _ in range(9)]
    for participant in people:
        _returned_loan(participant, staff)
    return people


CIVIC_SECTION = "Your account"


def _delete_account(user):
    """What civic.services.privacy.account_delete does: this app's erase,
    then civic's own (emails waiting in the outbox, audit entries), then the
    user. (Not the service itself: it refuses staff accounts, and some of
    these people are assessors.)"""
    registry.personal_data[personal_data.SECTION].erase(user)
    registry.personal_data[CIVIC_SECTION].erase(user)
    user.delete()


def _strings(user):
    return personal_strings(user, NAME, PHONE, ADDRESS, POSTCODE)


def test_the_section_and_rules_are_registered():
    assert registry.personal_data["Get online"].erase is personal_data.erase
    assert "lending_circumstances" in registry.retention_rules
    assert "get_online_waiting_erasures" in registry.retention_rules


def test_after_deleting_the_account_nothing_names_them(person, resident_record):
    strings = _strings(person)

    _delete_account(person)

    assert find_in_database(strings) == []


def test_the_evaluation_figures_do_not_change(person, resident_record, others):
    before = programme_evaluation()

    _delete_account(person)

    after = programme_evaluation()
    assert after.total == before.total
    assert after.total.people == 10
    assert after.breakdowns == before.breakdowns
    assert after.loans_by_status == before.loans_by_status


def test_the_device_keeps_its_loan_history_without_the_person(person, resident_record):
    participant, activity = resident_record
    loan = activity["loan"]

    _delete_account(person)

    kept = Loan.objects.get(pk=loan.pk)
    assert (kept.device_id, kept.starts_on, kept.returned_on) == (
        loan.device_id,
        loan.starts_on,
        loan.returned_on,
    )
    record = kept.participant
    assert record.erased_at is not None
    assert (record.full_name, record.email, record.phone, record.postcode) == (
        "",
        "",
        "",
        "",
    )
    assert record.date_of_birth == datetime.date(1960, 7, 1)
    assert str(record) == "Former participant"
    # The circumstances (a disability) are gone with the person.
    assert kept.request.circumstances == []
    assert LoanReminder.objects.filter(loan=kept).count() == 1


def test_future_bookings_are_cancelled_and_waiting_places_given_up(
    person, resident_record
):
    _participant, activity = resident_record
    booking = activity["booking"]

    _delete_account(person)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    booking.session.refresh_from_db()
    assert booking.session.booked_count == 0
    assert not BorrowRequest.objects.filter(pk=activity["waiting"].pk).exists()


def test_someone_who_never_borrowed_or_trained_is_deleted_outright(person, staff):
    participant = _resident(user=person)
    BorrowRequestFactory(participant=participant)
    strings = _strings(person)

    _delete_account(person)

    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert find_in_database(strings) == []


def test_with_a_device_out_erasure_waits_until_it_comes_back(person, staff):
    participant = _resident(user=person)
    loan = LoanFactory(request__participant=participant, allocated_by=staff)
    Device.objects.filter(pk=loan.device_id).update(status=Device.Status.ON_LOAN)
    strings = _strings(person)

    _delete_account(person)

    # The account is gone; the record stays, so the tablet can come back.
    participant.refresh_from_db()
    assert participant.user is None and participant.erasure_requested_at
    assert participant.full_name == NAME
    assert {hit.table for hit in find_in_database(strings)} == {"inclusion_participant"}
    results = {r.name: r for r in run_retention(only=["get_online_waiting_erasures"])}
    assert results["get_online_waiting_erasures"].removed == 0

    Loan.objects.filter(pk=loan.pk).update(
        status=Loan.Status.RETURNED, returned_on=timezone.localdate()
    )
    results = {r.name: r for r in run_retention(only=["get_online_waiting_erasures"])}

    assert results["get_online_waiting_erasures"].removed == 1
    assert find_in_database(strings) == []
    again = {r.name: r for r in run_retention(only=["get_online_waiting_erasures"])}
    assert again["get_online_waiting_erasures"].removed == 0


def test_a_member_of_staff_can_delete_their_account_and_the_records_stay(
    person, resident_record, staff
):
    participant, activity = resident_record
    strings = personal_strings(staff)

    _delete_account(staff)

    loan = Loan.objects.get(pk=activity["loan"].pk)
    assert loan.allocated_by is None
    assert ConfidenceCheck.objects.filter(participant=participant).count() == 2
    assert find_in_database(strings) == []


def test_export_holds_their_record_and_nobody_elses(person, resident_record, others):
    data = personal_data.export(person)

    assert data["Your details"][0]["full name"] == NAME
    assert data["Your details"][0]["postcode"] == POSTCODE
    assert len(data["Your loans"]) == 1
    assert len(data["Your requests to borrow a device"]) == 2
    assert any(
        "Disabled or living with a long-term condition" in r["your circumstances"]
        for r in data["Your requests to borrow a device"]
    )
    assert len(data["Your training"]) == 2
    assert len(data["Your confidence questionnaires"]) == 2
    assert data["Reminders we sent you"][0]["by"] == "Email"
    text = json.dumps(data)
    for other in others:
        assert other.full_name not in text and other.email not in text
    assert "Dee Desk" not in text and "desk@example.com" not in text


def test_export_for_staff_counts_what_they_recorded(staff, resident_record):
    data = personal_data.export(staff)
    assert "Your details" not in data
    counted = {
        row["record"]: row["how many"]
        for row in data["Records you made or changed as staff"]
    }
    assert counted["loans (allocated_by)"] == 1
    assert counted["confidence questionnaires (entered_by)"] == 2


def test_erasing_twice_does_nothing_more(person, resident_record):
    participant, _activity_ = resident_record
    assert participant_erase(participant=participant) is Erasure.ANONYMISED
    assert participant_erase(participant=participant) is Erasure.ANONYMISED


# --- The staff desk: residents without an account ---------------------------------


@pytest.fixture
def offline_resident(staff):
    participant = _resident(created_by=staff, contact_preference="letter")
    _activity(participant, staff)
    return participant


def test_staff_download_a_residents_record_and_it_is_logged(
    client, inclusion_officer, offline_resident
):
    force_login_with_mfa(client, inclusion_officer)

    response = client.get(
        reverse("inclusion:participant_data", args=[offline_resident.public_id])
    )

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.json()["Your details"][0]["full name"] == NAME
    entry = ModelLogEntry.objects.get(action="inclusion.participant_export")
    assert entry.user_id == inclusion_officer.pk
    assert NAME not in entry.label


def test_staff_must_confirm_before_erasing(client, inclusion_officer, offline_resident):
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:participant_erase", args=[offline_resident.public_id])

    assert client.get(url).status_code == 200
    response = client.post(url, {})

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_confirmed"' in html
    assert "Confirm that the resident asked for this" in html
    assert Participant.objects.get(pk=offline_resident.pk).erased_at is None


def test_staff_erase_a_record_for_someone_with_no_account(
    client, inclusion_officer, offline_resident
):
    strings = [NAME, EMAIL, PHONE, ADDRESS, POSTCODE]
    force_login_with_mfa(client, inclusion_officer)
    url = reverse("inclusion:participant_erase", args=[offline_resident.public_id])

    response = client.post(url, {"confirmed": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("inclusion:participant_search")
    assert find_in_database(strings) == []
    assert ModelLogEntry.objects.filter(
        action="inclusion.participant_erase", user=inclusion_officer
    ).exists()
    # The erased record is no longer reachable from the desk.
    assert client.get(url).status_code == 404
    data_url = reverse("inclusion:participant_data", args=[offline_resident.public_id])
    assert client.get(data_url).status_code == 404
    found = client.get(reverse("inclusion:participant_search"), {"q": "SE6"})
    assert str(offline_resident.public_id) not in found.content.decode()


def test_the_record_page_offers_the_data_rights_links(
    client, inclusion_officer, offline_resident
):
    force_login_with_mfa(client, inclusion_officer)
    html = client.get(
        reverse("inclusion:participant_detail", args=[offline_resident.public_id])
    ).content.decode()
    assert (
        reverse("inclusion:participant_erase", args=[offline_resident.public_id])
        in html
    )
    assert (
        reverse("inclusion:participant_data", args=[offline_resident.public_id]) in html
    )


@pytest.mark.parametrize("name", ["participant_data", "participant_erase"])
def test_only_lending_staff_reach_the_data_rights_pages(
    client, resident, offline_resident, name
):
    url = reverse(f"inclusion:{name}", args=[offline_resident.public_id])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(resident)
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirmed": "on"}).status_code in (403, 405)
    assert Participant.objects.get(pk=offline_resident.pk).erased_at is None


# --- Retention -----------------------------------------------------------------


def test_circumstances_go_a_year_after_the_request_closed(db, staff):
    old = _returned_loan(ParticipantFactory(), staff).request
    BorrowRequest.objects.filter(pk=old.pk).update(closed_at=_past(366))
    recent = _returned_loan(ParticipantFactory(), staff).request
    still_open = BorrowRequestFactory(circumstances=["carer"])

    assert personal_data.purge_circumstances(timezone.now()) == 1
    assert personal_data.purge_circumstances(timezone.now()) == 0

    old.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert old.circumstances == []
    assert recent.circumstances == ["disabled", "unemployed"]
    assert still_open.circumstances == ["carer"]


def test_an_erased_record_reached_from_a_loan_shows_no_name_and_no_buttons(
    client, inclusion_officer, person, resident_record
):
    participant, _activity_ = resident_record
    _delete_account(person)
    force_login_with_mfa(client, inclusion_officer)

    response = client.get(
        reverse("inclusion:participant_detail", args=[participant.public_id])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Former participant" in html and NAME not in html
    assert (
        reverse("inclusion:participant_erase", args=[participant.public_id]) not in html
    )
