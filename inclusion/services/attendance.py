"""Attendance at a training session, and the hours it counts towards the
six-hour offer."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inclusion.models import Booking, TrainingSession


class AttendanceError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def session_length_hours(session: TrainingSession) -> Decimal:
    """The session's length in hours, to one decimal place (rounded down)."""
    seconds = int((session.ends_at - session.starts_at).total_seconds())
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"), "ROUND_DOWN")


def default_hours(session: TrainingSession) -> Decimal:
    """The course's length, unless the session is shorter."""
    return min(session.course.hours, session_length_hours(session))


def attendance_record(
    *, booking: Booking, attended: bool, hours: Decimal | None, by
) -> Booking:
    """Record whether a booked learner came and, if so, for how many hours
    (default the course's length; never more than the session lasted)."""
    with transaction.atomic():
        current = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("session__course")
            .get(pk=booking.pk)
        )
        session = current.session
        if current.status != Booking.Status.BOOKED:
            raise AttendanceError(
                "not_booked",
                _(
                    "Only people with a place on the session can be marked as attending."
                ),
            )
        if session.starts_at > timezone.now():
            raise AttendanceError(
                "not_started",
                _("You can record attendance once the session has started."),
            )
        if attended:
            if hours is None:
                hours = default_hours(session)
            longest = session_length_hours(session)
            if hours <= 0:
                raise AttendanceError("hours", _("Enter hours attended of more than 0"))
            if hours > longest:
                raise AttendanceError(
                    "hours",
                    _("Enter %(hours)s hours or fewer: the session is not longer")
                    % {"hours": _hours_text(longest)},
                )
            current.attendance = Booking.Attendance.ATTENDED
            current.hours = hours
        else:
            current.attendance = Booking.Attendance.ABSENT
            current.hours = Decimal("0")
        current.attendance_recorded_by = by
        current.attendance_recorded_at = timezone.now()
        current.save(
            update_fields=[
                "attendance",
                "hours",
                "attendance_recorded_by",
                "attendance_recorded_at",
            ]
        )
    return current


def _hours_text(hours: Decimal) -> str:
    return f"{hours.normalize():f}"
