"""Training bookings: book (or join the waiting list), cancel and promote.

``TrainingSession.booked_count`` changes only here, with the session row
locked, in the same transaction as the booking it counts. Locks are always
taken session first, then bookings, so two of these never wait in a circle.
The partial unique constraint (one active booking per person per session) and
the CHECK ``booked_count <= capacity`` are the backstops.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic.services.email import email_send
from inclusion.models import Booking, Participant, TrainingSession


class BookingError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _lock_session(session_id: int) -> TrainingSession:
    return (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("course", "site")
        .get(pk=session_id)
    )


def _refuse_if_not_bookable(session: TrainingSession) -> None:
    if session.cancelled_at is not None:
        raise BookingError("cancelled", _("This session has been cancelled."))
    if session.starts_at <= timezone.now():
        raise BookingError(
            "past", _("This session has already started, so it cannot be booked.")
        )


def _duplicate_error() -> BookingError:
    return BookingError(
        "duplicate",
        _("You already have a place or a waiting-list place on this session."),
    )


def booking_create(
    *,
    session: TrainingSession,
    participant: Participant,
    staff=None,
) -> Booking:
    """A place on the session if one is left, otherwise a waiting-list place."""
    with transaction.atomic():
        locked = _lock_session(session.pk)
        _refuse_if_not_bookable(locked)
        if Booking.objects.filter(
            session=locked,
            participant=participant,
            status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED],
        ).exists():
            raise _duplicate_error()
        has_place = locked.booked_count < locked.capacity
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    session=locked,
                    participant=participant,
                    booked_by=staff,
                    status=(
                        Booking.Status.BOOKED
                        if has_place
                        else Booking.Status.WAITLISTED
                    ),
                )
        except IntegrityError:
            raise _duplicate_error() from None
        if has_place:
            locked.booked_count += 1
            locked.save(update_fields=["booked_count"])
    session.booked_count = locked.booked_count
    return booking


def booking_cancel(*, booking: Booking, by) -> Booking | None:
    """Cancel a place or a waiting-list place. A freed place goes to the first
    person waiting, in the same transaction; they are told after commit.

    Returns the promoted booking, if any. Cancelling twice does nothing."""
    promoted = None
    with transaction.atomic():
        session = _lock_session(booking.session_id)
        current = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("participant")
            .get(pk=booking.pk)
        )
        if current.status == Booking.Status.CANCELLED:
            return None
        if session.starts_at <= timezone.now():
            raise BookingError(
                "past",
                _(
                    "This session has already started, so the booking cannot be cancelled."
                ),
            )
        was_booked = current.status == Booking.Status.BOOKED
        current.status = Booking.Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        if by is not None and by.pk != current.participant.user_id:
            # Staff cancelling for the resident: say who did it.
            log(
                current,
                "inclusion.booking_cancel",
                user=by,
                data={
                    "session": session.pk,
                    "was": "booked" if was_booked else "waitlisted",
                },
            )
        if was_booked:
            session.booked_count -= 1
            if session.cancelled_at is None:
                promoted = _promote_first_waiting(session)
            session.save(update_fields=["booked_count"])
    booking.status = current.status
    booking.cancelled_at = current.cancelled_at
    return promoted


def _promote_first_waiting(session: TrainingSession) -> Booking | None:
    """Give a freed place to the first person waiting (session row locked)."""
    if session.booked_count >= session.capacity:
        return None
    waiting = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("participant")
        .filter(session=session, status=Booking.Status.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = Booking.Status.BOOKED
    waiting.promoted_at = timezone.now()
    waiting.save(update_fields=["status", "promoted_at"])
    session.booked_count += 1
    _tell_promoted(waiting, session)
    return waiting


def needs_telling_by_phone_or_letter(booking: Booking) -> bool:
    """A promoted learner we cannot email: staff call or write to them."""
    return (
        booking.promoted_at is not None
        and booking.promotion_told_at is None
        and booking.status == Booking.Status.BOOKED
        and not booking.participant.email
    )


def booking_mark_told(*, booking: Booking, staff) -> Booking:
    """Staff phoned or wrote to a promoted learner: the register stops asking.
    Marking twice keeps the first time."""
    with transaction.atomic():
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.promotion_told_at is None:
            current.promotion_told_at = timezone.now()
            current.save(update_fields=["promotion_told_at"])
            log(
                current,
                "inclusion.booking_promotion_told",
                user=staff,
                data={"session": current.session_id},
            )
    booking.promotion_told_at = current.promotion_told_at
    return booking


def _tell_promoted(booking: Booking, session: TrainingSession) -> None:
    participant = booking.participant
    if not participant.email:
        return  # the register shows "Tell by phone or letter: place offered"
    email_send(
        to=participant.email,
        template="inclusion/email/booking_promoted",
        context={
            "participant": participant,
            "session": session,
            "course": session.course,
            "site": session.site,
            "session_url": _absolute(
                reverse("inclusion:session_detail", kwargs={"pk": session.pk})
            ),
            "my_training_url": _absolute(reverse("inclusion:my_training")),
        },
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL + path
