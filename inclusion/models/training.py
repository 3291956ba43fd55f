from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The programme offers each learner six hours of training.
OFFER_HOURS = Decimal("6")


class SkillArea(models.TextChoices):
    """The Essential Digital Skills framework's areas (DfE, 2019)."""

    FOUNDATION = "foundation", _("Foundation skills")
    COMMUNICATING = "communicating", _("Communicating")
    HANDLING_INFORMATION = "handling_information", _("Handling information and content")
    TRANSACTING = "transacting", _("Transacting")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving")
    SAFETY = "safety", _("Being safe and legal online")


class Course(models.Model):
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    summary = models.TextField(_("what you will learn"))
    hours = models.DecimalField(_("length in hours"), max_digits=4, decimal_places=1)
    # SkillArea values.
    skill_areas = models.JSONField(_("Essential Digital Skills areas"), default=list)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=40),
                name="inclusion_course_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inclusion:course_detail", kwargs={"slug": self.slug})


class TrainingSession(models.Model):
    """One running of a course at a site. ``booked_count`` is kept by the
    booking services under a row lock; the CHECK is the last line."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions"
    )
    site = models.ForeignKey(
        "inclusion.Site", on_delete=models.PROTECT, related_name="sessions"
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inclusion_sessions_taught",
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    booked_count = models.PositiveSmallIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(_("what to bring, how to find the room"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="inclusion_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="inclusion_session_has_places",
            ),
            models.CheckConstraint(
                condition=Q(booked_count__lte=F("capacity")),
                name="inclusion_session_never_over_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} at {self.site}, {self.starts_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("inclusion:session_detail", kwargs={"pk": self.pk})

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked_count, 0)


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        NOT_RECORDED = "", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Did not attend")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="bookings"
    )
    participant = models.ForeignKey(
        "inclusion.Participant", on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(max_length=10, choices=Status, db_index=True)
    booked_by = models.ForeignKey(  # staff booking for the resident
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When a waiting-list place became a booking.
    promoted_at = models.DateTimeField(null=True, blank=True)
    # When staff phoned or wrote to a promoted learner who has no email
    # (the register stops asking them to once this is set).
    promotion_told_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        max_length=10, choices=Attendance, blank=True, default=""
    )
    # Hours counted towards the six-hour offer (the course's length when
    # attended; a tutor may record fewer for someone who left early).
    hours = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("0"))
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(status__in=["booked", "waitlisted"]),
                name="inclusion_one_booking_per_session",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=40),
                name="inclusion_booking_hours_in_range",
            ),
            models.CheckConstraint(
                condition=Q(attendance="attended") | Q(hours=0),
                name="inclusion_booking_hours_only_when_attended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.session}"
