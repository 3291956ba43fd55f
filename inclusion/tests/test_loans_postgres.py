"""The loan rules PostgreSQL holds (migration 0002), and the lending desk
under concurrency, with real threads."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from civic.tests.factories import UserFactory
from inclusion.models import BorrowRequest, Device, Loan, LoanReminder
from inclusion.services.loans import LoanError, loan_allocate
from inclusion.services.reminders import loan_reminders_send
from inclusion.tests.factories import (
    BorrowRequestFactory,
    DeviceFactory,
    LoanFactory,
    SiteFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the exclusion constraint and date CHECKs exist only "
        "there, and SQLite serialises writers, so the race cannot happen",
    ),
]

DAY = datetime.timedelta(days=1)


def _run_together(target, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []
    results = []

    def run(*args):
        try:
            barrier.wait()
            results.append(target(*args))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def _tomorrow_at_ten():
    """A collection time that is in the future at whatever hour tests run."""
    tomorrow = timezone.localdate() + DAY
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10)))


def test_two_officers_allocating_one_device_at_once_make_one_loan():
    site = SiteFactory()
    device = DeviceFactory(home_site=site)
    officers = [UserFactory(), UserFactory()]
    first = BorrowRequestFactory(site=site)
    second = BorrowRequestFactory(site=site)
    collection_at = _tomorrow_at_ten()

    def allocate(borrow_pk, officer, reason):
        return loan_allocate(
            request=BorrowRequest.objects.get(pk=borrow_pk),
            device=Device.objects.get(pk=device.pk),
            collection_at=collection_at,
            staff=officer,
            reason=reason,
        )

    results, errors = _run_together(
        allocate,
        [
            (first.pk, officers[0], ""),
            (second.pk, officers[1], "Urgent: job interview"),
        ],
    )
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], LoanError)
    assert Loan.objects.filter(device=device).count() == 1
    device.refresh_from_db()
    assert device.status == Device.Status.RESERVED


def test_many_allocations_of_one_device_at_once_make_one_loan():
    site = SiteFactory()
    device = DeviceFactory(home_site=site)
    requests = [BorrowRequestFactory(site=site) for _ in range(6)]
    staff = UserFactory()
    collection_at = _tomorrow_at_ten()

    def allocate(borrow_pk):
        return loan_allocate(
            request=BorrowRequest.objects.get(pk=borrow_pk),
            device=Device.objects.get(pk=device.pk),
            collection_at=collection_at,
            staff=staff,
            reason="Test",
        )

    results, errors = _run_together(allocate, [(r.pk,) for r in requests])
    assert len(results) == 1
    assert all(isinstance(error, LoanError) for error in errors)
    assert Loan.objects.filter(device=device).count() == 1


def test_the_database_refuses_an_overlapping_active_loan():
    loan = LoanFactory(starts_on=timezone.localdate())
    other_request = BorrowRequestFactory(site=loan.site, status="on_loan")
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(
            device=loan.device,
            request=other_request,
            participant=other_request.participant,
            site=loan.site,
            status=Loan.Status.RESERVED,
            collection_at=timezone.now(),
            starts_on=loan.due_on,  # one shared day is an overlap
            original_due_on=loan.due_on + 10 * DAY,
            due_on=loan.due_on + 10 * DAY,
            allocated_by=loan.allocated_by,
        )


def _racing_bookings(count: int, days_apart: int):
    """A device, ``count`` allocated requests, and ``book(request_pk, n)``
    that inserts a 28-day reservation starting ``n * days_apart`` days from
    today straight into the table: no row lock, no Python check, only the
    database's constraints."""
    site = SiteFactory()
    device = DeviceFactory(home_site=site)
    requests = [
        BorrowRequestFactory(site=site, status="allocated") for _ in range(count)
    ]
    staff = UserFactory()
    today = timezone.localdate()

    def book(borrow_pk, n):
        borrow = BorrowRequest.objects.get(pk=borrow_pk)
        starts_on = today + n * days_apart * DAY
        with transaction.atomic():
            return Loan.objects.create(
                device_id=device.pk,
                request=borrow,
                participant_id=borrow.participant_id,
                site=site,
                status=Loan.Status.RESERVED,
                collection_at=timezone.now(),
                starts_on=starts_on,
                original_due_on=starts_on + 28 * DAY,
                due_on=starts_on + 28 * DAY,
                allocated_by=staff,
            )

    return device, book, [(r.pk, n) for n, r in enumerate(requests)]


def test_overlapping_bookings_inserted_at_once_without_locks_make_one_loan():
    """The exclusion constraint alone: transactions racing to book one device
    for periods that each share at least one day with every other."""
    device, book, args = _racing_bookings(5, days_apart=1)
    results, errors = _run_together(book, args)
    assert len(results) == 1
    # Each loser is refused by the database: by the exclusion constraint, or,
    # when two of them were each checking the other's uncommitted row, by
    # PostgreSQL's deadlock detector aborting one of the two (the other then
    # meets the winner's row). Either way the transaction is rolled back.
    assert len(errors) == 4
    for error in errors:
        assert isinstance(error, IntegrityError) or (
            isinstance(error, OperationalError) and "deadlock detected" in str(error)
        ), repr(error)
    assert Loan.objects.filter(device=device).count() == 1


def test_bookings_of_one_device_for_separate_periods_at_once_all_succeed():
    device, book, args = _racing_bookings(3, days_apart=30)
    results, errors = _run_together(book, args)
    assert errors == [] and len(results) == 3
    assert Loan.objects.filter(device=device).count() == 3


def test_a_returned_loan_does_not_block_the_device():
    loan = LoanFactory(starts_on=timezone.localdate())
    Loan.objects.filter(pk=loan.pk).update(
        status="returned", returned_on=timezone.localdate()
    )
    other_request = BorrowRequestFactory(site=loan.site)
    Loan.objects.create(
        device=loan.device,
        request=other_request,
        participant=other_request.participant,
        site=loan.site,
        collection_at=timezone.now(),
        starts_on=loan.starts_on,
        original_due_on=loan.due_on,
        due_on=loan.due_on,
        allocated_by=loan.allocated_by,
    )


def test_the_database_refuses_a_29_day_loan():
    with pytest.raises(IntegrityError), transaction.atomic():
        LoanFactory(
            starts_on=timezone.localdate(),
            original_due_on=timezone.localdate() + 29 * DAY,
        )


def test_the_database_refuses_a_43_day_loan_in_total():
    start = timezone.localdate()
    loan = LoanFactory(starts_on=start)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.filter(pk=loan.pk).update(
            original_due_on=start + 28 * DAY,
            due_on=start + 43 * DAY,
            extended_at=timezone.now(),
        )


def test_the_database_refuses_an_extension_of_more_than_14_days():
    start = timezone.localdate()
    loan = LoanFactory(starts_on=start, original_due_on=start + 20 * DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.filter(pk=loan.pk).update(
            due_on=start + 35 * DAY, extended_at=timezone.now()
        )


def test_reminders_run_twice_at_once_send_one_of_each(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    due_soon = LoanFactory(starts_on=today - 26 * DAY)  # due in 2 days
    overdue = LoanFactory(starts_on=today - 30 * DAY)
    by_letter = LoanFactory(
        starts_on=today - 30 * DAY,
        request__participant__email="",
        request__participant__contact_preference="letter",
    )

    _results, errors = _run_together(
        lambda: loan_reminders_send(today=today), [(), (), ()]
    )

    assert errors == []
    assert LoanReminder.objects.count() == 3
    assert LoanReminder.objects.get(loan=due_soon).kind == "due_soon"
    assert LoanReminder.objects.get(loan=overdue).kind == "overdue"
    assert LoanReminder.objects.get(loan=by_letter).channel == "letter"
    # Celery runs eagerly in tests: each email was sent once, after commit.
    assert len(mail.outbox) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [due_soon.participant.email, overdue.participant.email]
    )
