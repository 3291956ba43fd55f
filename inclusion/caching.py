"""Which changes make Get online's cached public pages stale (``civic.caching``):
places, their hours, schemes, courses, sessions, and bookings (a session's
places left show on a place's page)."""

from civic.caching import invalidate_on

PLACES = "inclusion:places"


def connect() -> None:
    from .models import Booking, Course, OpeningHours, Scheme, Site, TrainingSession

    invalidate_on(
        [Site, OpeningHours, Scheme, Course, TrainingSession, Booking], PLACES
    )
