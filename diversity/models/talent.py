"""The Digital Talent Programme: providers' courses, cohorts and applications."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civic.equality import Disability, EthnicGroup, GenderSameAsSex, Sex

# Eligibility (issue 7): aged 16 to 24 on the cohort's start date, living or
# studying in London.
MIN_AGE = 16
MAX_AGE = 24


class Subject(models.TextChoices):
    SOFTWARE = "software", _("Software development")
    DATA = "data", _("Data and analytics")
    CYBER = "cyber", _("Cyber security")
    DESIGN = "design", _("User experience and digital design")
    CREATIVE = "creative", _("Creative media, film and games")
    MARKETING = "marketing", _("Digital marketing")
    INFRASTRUCTURE = "infrastructure", _("IT support, networks and cloud")
    PRODUCT = "product", _("Product and delivery management")


class Level(models.TextChoices):
    ENTRY = "entry", _("Entry level (no experience needed)")
    LEVEL_2 = "2", _("Level 2 (GCSE)")
    LEVEL_3 = "3", _("Level 3 (A level)")
    LEVEL_4 = "4", _("Level 4 (higher education, first year)")
    LEVEL_5 = "5", _("Level 5 (foundation degree)")
    LEVEL_6 = "6", _("Level 6 (degree)")


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Mix of in person and online")


class Course(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    provider = models.ForeignKey(
        "civic.Organisation",
        verbose_name=_("training provider"),
        on_delete=models.PROTECT,
        related_name="talent_courses",
    )
    title = models.CharField(_("course title"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("what you will learn and do"))
    subject = models.CharField(_("subject"), max_length=20, choices=Subject)
    level = models.CharField(_("level"), max_length=10, choices=Level)
    length_weeks = models.PositiveSmallIntegerField(_("length in weeks"))
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week"))
    delivery_mode = models.CharField(
        _("how it is taught"), max_length=10, choices=DeliveryMode
    )
    # Null for online-only courses.
    borough = models.ForeignKey(
        "civic.Borough",
        verbose_name=_("borough"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    venue = models.CharField(_("where it is taught"), max_length=200, blank=True)
    # One job role per line: "Junior data analyst".
    job_roles = models.TextField(_("jobs it leads to"))
    status = models.CharField(
        max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("Digital Talent course")
        verbose_name_plural = _("Digital Talent courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(length_weeks__gte=1) & Q(length_weeks__lte=104),
                name="diversity_course_length_in_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1) & Q(hours_per_week__lte=48),
                name="diversity_course_hours_in_range",
            ),
            # A course taught in person says where.
            models.CheckConstraint(
                condition=Q(delivery_mode="online") | Q(borough__isnull=False),
                name="diversity_course_in_person_has_borough",
            ),
        ]
        permissions = [
            ("view_programme_dashboard", "Can see the Digital Talent dashboard"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diversity:course_detail", kwargs={"slug": self.slug})

    @property
    def job_role_list(self) -> list[str]:
        return [line.strip() for line in self.job_roles.splitlines() if line.strip()]


class IndustryPartner(models.Model):
    """An employer that helped design and approved the course."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="industry_partners"
    )
    name = models.CharField(_("employer name"), max_length=150)
    approved_on = models.DateField(_("date they approved the course"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry partner")
        verbose_name_plural = _("industry partners")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "name"], name="diversity_partner_once_per_course"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """One start date of a course. ``accepted_count`` is kept by the
    provider's decision service under a row lock; the CHECK is the last line."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cohorts")
    starts_on = models.DateField(_("start date"), db_index=True)
    applications_close_on = models.DateField(_("applications close"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    accepted_count = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="diversity_cohort_has_places"
            ),
            models.CheckConstraint(
                condition=Q(accepted_count__lte=F("capacity")),
                name="diversity_cohort_never_over_capacity",
            ),
            models.CheckConstraint(
                condition=Q(applications_close_on__lte=F("starts_on")),
                name="diversity_cohort_closes_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} starting {self.starts_on:%d %B %Y}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.accepted_count, 0)


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Received")
        ACCEPTED = "accepted", _("Offered a place")
        WAITLISTED = "waitlisted", _("On the waiting list")
        NOT_ACCEPTED = "not_accepted", _("Not offered a place")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Completion(models.TextChoices):
        NOT_YET = "", _("Not recorded")
        COMPLETED = "completed", _("Completed the course")
        LEFT_EARLY = "left_early", _("Left before the end")

    class Connection(models.TextChoices):
        LIVES = "lives", _("I live in London")
        STUDIES = "studies", _("I study in London")
        BOTH = "both", _("I live and study in London")

    # Shared in the applicant's and provider's URLs instead of the row id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="applications"
    )
    # Cleared when the applicant deletes their account: the application stays
    # in the programme's figures, anonymised (diversity.personal_data).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="talent_applications",
    )
    # Set when the applicant deletes their account, the same random value on
    # each of their applications: the programme can still count them as one
    # person, and nothing leads back to who they were.
    former_applicant = models.UUIDField(null=True, blank=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"))
    postcode = models.CharField(_("postcode"), max_length=8)
    borough = models.ForeignKey(
        "civic.Borough",
        verbose_name=_("borough"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    connection = models.CharField(
        _("your connection to London"), max_length=10, choices=Connection
    )
    why = models.TextField(_("why you want to do this course"), max_length=2000)
    status = models.CharField(
        max_length=15, choices=Status, default=Status.SUBMITTED, db_index=True
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completion = models.CharField(
        max_length=12, choices=Completion, blank=True, default=""
    )
    completion_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("Digital Talent application")
        verbose_name_plural = _("Digital Talent applications")
        indexes = [models.Index(fields=["cohort", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "applicant"],
                name="diversity_one_application_per_cohort",
            ),
            # Only people who started can complete.
            models.CheckConstraint(
                condition=Q(completion="") | Q(status="accepted"),
                name="diversity_completion_only_when_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} for {self.cohort}"

    def age_on(self, day) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Outcome(models.Model):
    """What a participant was doing 3 and 6 months after the course."""

    class Kind(models.TextChoices):
        JOB = "job", _("In a job")
        APPRENTICESHIP = "apprenticeship", _("On an apprenticeship")
        FURTHER_STUDY = "further_study", _("In further study")
        NONE = "none", _("None of these")
        UNKNOWN = "unknown", _("Could not contact")

    class At(models.IntegerChoices):
        THREE_MONTHS = 3, _("3 months")
        SIX_MONTHS = 6, _("6 months")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="outcomes"
    )
    months_after = models.PositiveSmallIntegerField(choices=At)
    kind = models.CharField(max_length=15, choices=Kind)
    in_tech_role = models.BooleanField(_("in a digital or tech role"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["months_after"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "months_after"],
                name="diversity_one_outcome_per_milestone",
            ),
            models.CheckConstraint(
                condition=Q(months_after__in=[3, 6]),
                name="diversity_outcome_at_3_or_6_months",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_kind_display()} at {self.months_after}"


class YesNoPreferNot(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not_to_say", _("Prefer not to say")


# Bump when the consent statement on the equality questions changes.
MONITORING_CONSENT_VERSION = "2026-11"


class EqualityMonitoring(models.Model):
    """Optional equality answers given with an application: special category.

    A separate table from the application, with the consent given. Nobody
    sees a row: providers never see it, programme managers see suppressed
    aggregates only (no admin, no snippet, no export of rows).
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="equality_monitoring"
    )
    consent_given_at = models.DateTimeField()
    consent_version = models.CharField(
        max_length=20, default=MONITORING_CONSENT_VERSION
    )
    sex = models.CharField(max_length=20, choices=Sex, blank=True)
    gender_same_as_sex = models.CharField(
        max_length=20, choices=GenderSameAsSex, blank=True
    )
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup, blank=True)
    disability = models.CharField(max_length=20, choices=Disability, blank=True)
    care_leaver = models.CharField(max_length=20, choices=YesNoPreferNot, blank=True)
    free_school_meals = models.CharField(
        max_length=20, choices=YesNoPreferNot, blank=True
    )

    class Meta:
        verbose_name = _("equality monitoring answers")
        verbose_name_plural = _("equality monitoring answers")

    def __str__(self) -> str:
        return f"Equality monitoring #{self.pk}"


class ProgrammeTarget(models.Model):
    """The programme's diversity targets for a year (September to August)."""

    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    women_percent = models.PositiveSmallIntegerField(
        _("target share of young women (%)")
    )
    bame_percent = models.PositiveSmallIntegerField(
        _("target share of Black, Asian and minority ethnic participants (%)")
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(women_percent__lte=100) & Q(bame_percent__lte=100),
                name="diversity_target_percentages",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="diversity_target_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name
