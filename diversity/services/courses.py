"""A provider's courses: create and edit them section by section, industry
partners, cohorts (start dates with places), publish and withdraw.

Places are contested with the decision service (``services.decisions``): any
change to a cohort's capacity or existence locks the cohort row first, and
the database's CHECK (accepted_count <= capacity) is the backstop.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from civic.models import Organisation
from diversity.models import Cohort, Course, DeliveryMode, IndustryPartner

# Words the provider's own URLs use after ``courses/``.
RESERVED_SLUGS = {"new"}
MAX_PLACES = 500

DETAIL_FIELDS = (
    "title",
    "summary",
    "description",
    "subject",
    "level",
    "length_weeks",
    "hours_per_week",
)
LOCATION_FIELDS = ("delivery_mode", "borough", "venue")


class CourseError(Exception):
    def __init__(self, message: str, *, missing: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.missing = missing or []


@dataclass(frozen=True)
class Section:
    key: str
    complete: bool


def _slug_candidates(title: str):
    base = slugify(title)[:150].strip("-") or "course"
    if base in RESERVED_SLUGS:
        base = f"{base}-course"
    yield base
    for n in range(2, 1000):
        yield f"{base}-{n}"


def course_create(
    *, provider: Organisation, by, details: dict, location: dict
) -> Course:
    """A draft course from its first two sections; the slug comes from the
    title and is unique (a clash at the same moment takes the next number)."""
    fields = {name: details[name] for name in DETAIL_FIELDS}
    fields.update(_location_fields(location))
    for slug in _slug_candidates(fields["title"]):
        if Course.objects.filter(slug=slug).exists():
            continue
        try:
            with transaction.atomic():
                return Course.objects.create(
                    provider=provider,
                    slug=slug,
                    job_roles="",
                    created_by=by,
                    status=Course.Status.DRAFT,
                    **fields,
                )
        except IntegrityError:
            if Course.objects.filter(slug=slug).exists():
                continue
            raise
    raise CourseError(_("Choose a different course title"))  # pragma: no cover


def _location_fields(location: dict) -> dict:
    mode = location["delivery_mode"]
    if mode == DeliveryMode.ONLINE:
        return {"delivery_mode": mode, "borough": None, "venue": ""}
    return {
        "delivery_mode": mode,
        "borough": location["borough"],
        "venue": location["venue"],
    }


def course_update(*, course: Course, section: str, data: dict) -> Course:
    """Save one section: "details", "location" or "jobs"."""
    if section == "details":
        fields = {name: data[name] for name in DETAIL_FIELDS}
    elif section == "location":
        fields = _location_fields(data)
    elif section == "jobs":
        roles = [line.strip() for line in data["job_roles"].splitlines()]
        fields = {"job_roles": "\n".join(role for role in roles if role)}
    else:  # pragma: no cover - programming error
        raise ValueError(section)
    if course.status == Course.Status.PUBLISHED and section == "jobs":
        if not fields["job_roles"]:
            raise CourseError(_("Enter at least one job the course leads to"))
    for name, value in fields.items():
        setattr(course, name, value)
    course.save(update_fields=[*fields, "updated_at"])
    return course


# --- Sections and publishing ------------------------------------------------------


def _future_cohorts(course: Course, today: datetime.date) -> list[Cohort]:
    return [c for c in course.cohorts.all() if c.starts_on > today]


def course_sections(course: Course, today: datetime.date | None = None) -> dict:
    """Which sections are complete (for the task list and publishing).

    Expects ``industry_partners`` and ``cohorts`` prefetched on a page."""
    today = today or timezone.localdate()
    location_done = course.delivery_mode == DeliveryMode.ONLINE or bool(
        course.borough_id and course.venue
    )
    return {
        "details": True,  # a course is created with its details
        "location": location_done,
        "partners": bool(list(course.industry_partners.all())),
        "jobs": bool(course.job_role_list),
        "cohorts": bool(_future_cohorts(course, today)),
    }


MISSING_MESSAGES = {
    "location": _("Say where and how the course is taught"),
    "partners": _("Add at least one industry partner who approved the course"),
    "jobs": _("Enter at least one job the course leads to"),
    "cohorts": _("Add a start date in the future"),
}


def course_missing(course: Course, today: datetime.date | None = None) -> list[str]:
    return [str(MISSING_MESSAGES[key]) for key in course_missing_keys(course, today)]


def course_missing_keys(
    course: Course, today: datetime.date | None = None
) -> list[str]:
    """The sections still to do, in task-list order."""
    return [key for key, done in course_sections(course, today).items() if not done]


def course_publish(*, course: Course, by) -> Course:
    """Publish (or publish again after a withdrawal) a course whose every
    section is complete and which has a start date in the future."""
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        if locked.status == Course.Status.PUBLISHED:
            return locked
        missing = course_missing(locked)
        if missing:
            raise CourseError(_("You cannot publish this course yet"), missing=missing)
        locked.status = Course.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
    return locked


def course_withdraw(*, course: Course, by) -> Course:
    """Take a course out of the course finder. Applications already made stay,
    and the provider keeps deciding on them."""
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        if locked.status != Course.Status.PUBLISHED:
            raise CourseError(_("Only a published course can be withdrawn"))
        locked.status = Course.Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
    return locked


# --- Industry partners ------------------------------------------------------------


def partner_add(
    *, course: Course, name: str, approved_on: datetime.date
) -> IndustryPartner:
    name = " ".join(name.split())
    if approved_on > timezone.localdate():
        raise CourseError(
            _("The date they approved the course must be today or in the past")
        )
    if course.industry_partners.filter(name__iexact=name).exists():
        raise CourseError(
            _("%(name)s is already a partner on this course") % {"name": name}
        )
    try:
        with transaction.atomic():
            return IndustryPartner.objects.create(
                course=course, name=name, approved_on=approved_on
            )
    except IntegrityError:
        raise CourseError(
            _("%(name)s is already a partner on this course") % {"name": name}
        ) from None


def partner_remove(*, partner: IndustryPartner) -> None:
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=partner.course_id)
        if (
            course.status == Course.Status.PUBLISHED
            and course.industry_partners.count() <= 1
        ):
            raise CourseError(
                _(
                    "A published course needs at least one industry partner. "
                    "Add another partner first, or withdraw the course."
                )
            )
        partner.delete()


# --- Cohorts ----------------------------------------------------------------------


def _check_cohort_dates(starts_on: datetime.date, closes_on: datetime.date) -> None:
    if starts_on <= timezone.localdate():
        raise CourseError(_("The start date must be in the future"))
    if closes_on > starts_on:
        raise CourseError(
            _("The date applications close must be on or before the start date")
        )


def cohort_add(
    *,
    course: Course,
    starts_on: datetime.date,
    applications_close_on: datetime.date,
    capacity: int,
) -> Cohort:
    _check_cohort_dates(starts_on, applications_close_on)
    if not 1 <= capacity <= MAX_PLACES:
        raise CourseError(
            _("Enter a number of places between 1 and %(max)s") % {"max": MAX_PLACES}
        )
    return Cohort.objects.create(
        course=course,
        starts_on=starts_on,
        applications_close_on=applications_close_on,
        capacity=capacity,
    )


def cohort_change_places(*, cohort: Cohort, capacity: int) -> Cohort:
    """Change the number of places; never below the people already accepted."""
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if capacity < max(locked.accepted_count, 1):
            raise CourseError(
                _(
                    "%(accepted)s people have been offered a place. Enter "
                    "%(accepted)s or more places"
                )
                % {"accepted": locked.accepted_count}
            )
        if capacity > MAX_PLACES:
            raise CourseError(
                _("Enter a number of places between 1 and %(max)s")
                % {"max": MAX_PLACES}
            )
        locked.capacity = capacity
        try:
            with transaction.atomic():
                locked.save(update_fields=["capacity"])
        except IntegrityError:  # pragma: no cover - the lock makes this unreachable
            raise CourseError(_("Enter more places than people accepted")) from None
    return locked


def cohort_remove(*, cohort: Cohort) -> None:
    """Remove a start date nobody has been accepted on or applied to."""
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=cohort.course_id)
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if locked.accepted_count:
            raise CourseError(
                _(
                    "People have been offered a place on this start date, so it "
                    "cannot be removed"
                )
            )
        if locked.applications.exists():
            raise CourseError(
                _(
                    "People have applied for this start date, so it cannot be "
                    "removed. Decide on their applications instead"
                )
            )
        if course.status == Course.Status.PUBLISHED:
            today = timezone.localdate()
            others = course.cohorts.exclude(pk=locked.pk).filter(starts_on__gt=today)
            if locked.starts_on > today and not others.exists():
                raise CourseError(
                    _(
                        "A published course needs a start date in the future. "
                        "Add another start date first, or withdraw the course."
                    )
                )
        locked.delete()
