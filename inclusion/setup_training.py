"""Registrations with civic for this area ("Your activity").

The training demo data (courses, sessions, bookings, attendance and
questionnaires) is seeded by the one Get online seeder in `inclusion.demo`."""

from django.utils.translation import gettext_lazy as _

SECTION = _("Get online: training")


def ready() -> None:
    from civic.registry import registry

    registry.register_activity(SECTION, training_activity)


def training_activity(user, limit: int):
    """The person's training bookings, newest first, for "Your activity"."""
    from civic.registry import ActivityItem
    from inclusion.models import Booking

    if not limit or not user.is_authenticated:
        return []
    bookings = (
        Booking.objects.filter(participant__user=user)
        .select_related("session__course")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        ActivityItem(
            title=booking.session.course.title,
            url=booking.session.get_absolute_url(),
            when=booking.created_at,
            section=str(SECTION),
            status=booking.get_status_display(),
        )
        for booking in bookings
    ]
