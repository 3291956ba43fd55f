"""Loan reminders: 3 days before the due date and once overdue, each exactly once.

``LoanReminder`` is unique on (loan, kind, due date); the row is inserted
first and the message sent only by the run that inserted it, after commit, so
running the task twice, or twice at the same moment, reminds nobody twice. An
extension moves the due date, and the new date is reminded of once in its turn.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from civic.services.email import email_send
from inclusion.models import REMINDER_DAYS_BEFORE_DUE, Loan, LoanReminder
from inclusion.services.loans import participant_uses_email


@dataclass
class RemindersSent:
    emails: int = 0
    letters: int = 0


def _kind_for(loan: Loan, today: datetime.date) -> str | None:
    if loan.due_on < today:
        return LoanReminder.Kind.OVERDUE
    if loan.due_on <= today + datetime.timedelta(days=REMINDER_DAYS_BEFORE_DUE):
        return LoanReminder.Kind.DUE_SOON
    return None


def loan_reminders_send(*, today: datetime.date) -> RemindersSent:
    soon = today + datetime.timedelta(days=REMINDER_DAYS_BEFORE_DUE)
    loans = (
        Loan.objects.filter(status=Loan.Status.ON_LOAN, due_on__lte=soon)
        .select_related("participant", "site", "device")
        .order_by("pk")
    )
    sent = RemindersSent()
    for loan in loans.iterator(chunk_size=200):
        kind = _kind_for(loan, today)
        if kind is None:
            continue
        participant = loan.participant
        by_email = participant_uses_email(participant)
        channel = (
            LoanReminder.Channel.EMAIL if by_email else LoanReminder.Channel.LETTER
        )
        with transaction.atomic():
            # get_or_create catches the IntegrityError of a run that inserted
            # the same (loan, kind) a moment before, and finds its row.
            _reminder, created = LoanReminder.objects.get_or_create(
                loan=loan, kind=kind, due_on=loan.due_on, defaults={"channel": channel}
            )
            if not created:
                continue
            if by_email:
                email_send(
                    to=participant.email,
                    template=f"inclusion/email/loan_{kind}",
                    context={
                        "loan": loan,
                        "participant": participant,
                        "site": loan.site,
                        "today": today,
                    },
                )
                sent.emails += 1
            else:
                sent.letters += 1
    return sent


def letter_mark_posted(*, reminder: LoanReminder, staff) -> bool:
    """Record that a letter was printed and posted; False if it already was
    (two members of staff pressing the button at once record it once)."""
    from django.utils import timezone

    updated = LoanReminder.objects.filter(
        pk=reminder.pk,
        channel=LoanReminder.Channel.LETTER,
        printed_at__isnull=True,
    ).update(printed_at=timezone.now(), printed_by=staff)
    return bool(updated)
