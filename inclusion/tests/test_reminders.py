"""Reminders 3 days before the due date and once overdue: each exactly once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from civic.celery import app
from inclusion.models import LoanReminder
from inclusion.services.reminders import letter_mark_posted, loan_reminders_send
from inclusion.setup_loans import REMINDERS_TASK
from inclusion.tasks_loans import send_loan_reminders
from inclusion.tests.factories import LoanFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


def loan_due(days_from_today: int, **kwargs):
    starts_on = today() + (days_from_today - 28) * DAY
    return LoanFactory(starts_on=starts_on, **kwargs)


def test_a_loan_due_in_3_days_gets_a_due_soon_email(
    django_capture_on_commit_callbacks,
):
    loan = loan_due(3)
    with django_capture_on_commit_callbacks(execute=True):
        sent = loan_reminders_send(today=today())
    assert sent.emails == 1 and sent.letters == 0
    reminder = LoanReminder.objects.get(loan=loan)
    assert reminder.kind == LoanReminder.Kind.DUE_SOON
    assert reminder.channel == LoanReminder.Channel.EMAIL
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [loan.participant.email]
    assert "Please return your device by" in mail.outbox[0].subject


def test_a_loan_due_in_4_days_gets_nothing_yet():
    loan_due(4)
    loan_reminders_send(today=today())
    assert not LoanReminder.objects.exists()


def test_an_overdue_loan_gets_an_overdue_reminder(django_capture_on_commit_callbacks):
    loan = loan_due(-1)
    with django_capture_on_commit_callbacks(execute=True):
        loan_reminders_send(today=today())
    assert LoanReminder.objects.get(loan=loan).kind == LoanReminder.Kind.OVERDUE
    assert "overdue" in mail.outbox[0].subject


def test_a_loan_due_today_is_due_soon_not_overdue():
    loan = loan_due(0)
    loan_reminders_send(today=today())
    assert LoanReminder.objects.get(loan=loan).kind == LoanReminder.Kind.DUE_SOON


def test_each_reminder_is_sent_once_however_often_the_task_runs(
    django_capture_on_commit_callbacks,
):
    loan = loan_due(2)
    with django_capture_on_commit_callbacks(execute=True):
        loan_reminders_send(today=today())
        loan_reminders_send(today=today())
    assert len(mail.outbox) == 1
    # Days later it is overdue: one more, and only one.
    later = today() + 5 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        loan_reminders_send(today=later)
        loan_reminders_send(today=later)
    assert len(mail.outbox) == 2
    assert set(
        LoanReminder.objects.filter(loan=loan).values_list("kind", flat=True)
    ) == {
        "due_soon",
        "overdue",
    }


def test_people_without_email_get_a_letter_to_print(django_capture_on_commit_callbacks):
    by_letter = ParticipantFactory(email="", contact_preference="letter")
    by_phone = ParticipantFactory(contact_preference="phone")
    loan_due(1, request__participant=by_letter)
    loan_due(1, request__participant=by_phone)
    with django_capture_on_commit_callbacks(execute=True):
        sent = loan_reminders_send(today=today())
    assert sent.letters == 2 and sent.emails == 0
    assert mail.outbox == []
    assert LoanReminder.objects.filter(channel=LoanReminder.Channel.LETTER).count() == 2


def test_returned_and_reserved_loans_get_no_reminders():
    loan_due(-2, status="returned", returned_on=today())
    loan_due(-2, status="reserved")
    loan_reminders_send(today=today())
    assert not LoanReminder.objects.exists()


def test_marking_a_letter_posted_records_it_once():
    from civic.tests.factories import UserFactory

    staff = UserFactory()
    reminder = LoanReminder.objects.create(
        loan=loan_due(1), kind="due_soon", channel="letter"
    )
    assert letter_mark_posted(reminder=reminder, staff=staff)
    assert not letter_mark_posted(reminder=reminder, staff=staff)
    reminder.refresh_from_db()
    assert reminder.printed_by == staff and reminder.printed_at


def test_the_task_runs_the_service_and_is_scheduled_daily_at_8(
    django_capture_on_commit_callbacks,
):
    loan_due(3)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_loan_reminders.delay().get()
    assert result == {"emails": 1, "letters": 0}
    assert send_loan_reminders.name == REMINDERS_TASK
    entry = app.conf.beat_schedule["inclusion-send-loan-reminders"]
    assert entry["task"] == REMINDERS_TASK
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}


def test_an_extended_loan_is_reminded_again_before_its_new_due_date_once(
    django_capture_on_commit_callbacks,
):
    from civic.tests.factories import UserFactory
    from inclusion.services.loans import loan_extend

    loan = loan_due(2)
    with django_capture_on_commit_callbacks(execute=True):
        loan_reminders_send(today=today())
    # Reminded, the borrower asks for more time; nobody is waiting.
    loan = loan_extend(loan=loan, staff=UserFactory(), days=14)
    assert loan.due_on == today() + 16 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        assert loan_reminders_send(today=today()).emails == 0
    three_days_before = loan.due_on - 3 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        loan_reminders_send(today=three_days_before)
        loan_reminders_send(today=three_days_before)
    assert len(mail.outbox) == 2
    assert sorted(
        LoanReminder.objects.filter(loan=loan).values_list("due_on", flat=True)
    ) == [today() + 2 * DAY, loan.due_on]


def test_a_reminder_records_the_due_date_it_was_about():
    loan = loan_due(1)
    loan_reminders_send(today=today())
    assert LoanReminder.objects.get(loan=loan).due_on == loan.due_on
