"""The Tech Talent Charter: signatories, versioned pledges, annual figures."""

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    TECH = "tech", _("Technology")
    FINANCE = "finance", _("Financial services")
    RETAIL = "retail", _("Retail and consumer")
    PROFESSIONAL = "professional", _("Professional services")
    CREATIVE = "creative", _("Creative industries and media")
    EDUCATION = "education", _("Education")
    CHARITY = "charity", _("Charity and not-for-profit")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    """Whole-organisation headcount, the bands the charter reports by."""

    MICRO = "1-49", _("1 to 49 employees")
    SMALL = "50-249", _("50 to 249 employees")
    MEDIUM = "250-999", _("250 to 999 employees")
    LARGE = "1000+", _("1,000 or more employees")


class PledgeManager(models.Manager):
    """Every pledge comes with the title of its newest wording, so that a list
    of pledges (the admin's listing, filter and choice of pledge) names them
    without a query for each."""

    def get_queryset(self):
        newest = PledgeVersion.objects.filter(pledge=OuterRef("pk")).order_by(
            "-version"
        )
        return (
            super()
            .get_queryset()
            .annotate(newest_title=Subquery(newest.values("title")[:1]))
        )


class Pledge(models.Model):
    """A charter commitment. Its wording lives in PledgeVersion rows, which are
    never edited: a new wording is a new version, so what an organisation
    signed stays what it signed."""

    code = models.SlugField(max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = PledgeManager()

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("charter pledge")
        verbose_name_plural = _("charter pledges")

    def __str__(self) -> str:
        if hasattr(self, "newest_title"):  # loaded through Pledge.objects
            return self.newest_title or self.code
        current = self.versions.order_by("-version").first()
        return current.title if current else self.code


class PledgeVersion(models.Model):
    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveSmallIntegerField()
    title = models.CharField(_("short title"), max_length=150)
    text = models.TextField(_("wording"))
    effective_from = models.DateField(_("in force from"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pledge__sort_order", "version"]
        verbose_name = _("pledge wording")
        verbose_name_plural = _("pledge wordings")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "version"], name="diversity_pledge_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="diversity_pledge_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Signatory(models.Model):
    organisation = models.OneToOneField(
        "civic.Organisation",
        on_delete=models.PROTECT,
        related_name="charter_signatory",
    )
    sector = models.CharField(_("sector"), max_length=15, choices=Sector)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand)
    is_gla_group = models.BooleanField(_("part of the GLA Group"), default=False)
    sponsor_name = models.CharField(_("senior sponsor's full name"), max_length=120)
    sponsor_job_title = models.CharField(
        _("senior sponsor's job title"), max_length=150
    )
    sponsor_email = models.EmailField(_("senior sponsor's email address"))
    contact_name = models.CharField(_("contact for the charter"), max_length=120)
    contact_email = models.EmailField(_("contact's email address"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed"))
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("charter signatory")
        verbose_name_plural = _("charter signatories")
        permissions = [
            ("manage_charter", "Can manage the Tech Talent Charter's years"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class PledgeAcceptance(models.Model):
    """The exact wording a signatory accepted, and when."""

    signatory = models.ForeignKey(
        Signatory, on_delete=models.CASCADE, related_name="acceptances"
    )
    pledge_version = models.ForeignKey(
        PledgeVersion, on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["pledge_version__pledge__sort_order"]
        verbose_name = _("pledge accepted")
        verbose_name_plural = _("pledges accepted")
        constraints = [
            models.UniqueConstraint(
                fields=["signatory", "pledge_version"],
                name="diversity_accept_each_wording_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signatory}: {self.pledge_version}"


class ReportingYear(models.Model):
    """A charter year. Submissions can be made and corrected until
    ``closes_on``; when the year is closed (``locked_at``) they are locked."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("submissions open"))
    closes_on = models.DateField(_("submissions close"))
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("charter reporting year")
        verbose_name_plural = _("charter reporting years")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=F("opens_on")),
                name="diversity_year_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class Submission(models.Model):
    """A signatory's tech workforce figures for one year. The parts add up to
    the total (CHECKs); figures are never shown for one organisation except to
    that organisation."""

    signatory = models.ForeignKey(
        Signatory, on_delete=models.CASCADE, related_name="submissions"
    )
    year = models.ForeignKey(
        ReportingYear, on_delete=models.PROTECT, related_name="submissions"
    )
    tech_headcount = models.PositiveIntegerField(_("people in tech roles"))
    women = models.PositiveIntegerField(_("women"))
    men = models.PositiveIntegerField(_("men"))
    sex_other_or_unknown = models.PositiveIntegerField(
        _("another sex, not known or prefer not to say")
    )
    ethnicity_white = models.PositiveIntegerField(_("White"))
    ethnicity_mixed = models.PositiveIntegerField(_("Mixed or Multiple ethnic groups"))
    ethnicity_asian = models.PositiveIntegerField(_("Asian or Asian British"))
    ethnicity_black = models.PositiveIntegerField(
        _("Black, Black British, Caribbean or African")
    )
    ethnicity_other = models.PositiveIntegerField(_("Other ethnic group"))
    ethnicity_unknown = models.PositiveIntegerField(_("Not known or prefer not to say"))
    recruited = models.PositiveIntegerField(_("people recruited into tech roles"))
    recruited_women = models.PositiveIntegerField(_("of whom women"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year__year"]
        verbose_name = _("charter submission")
        verbose_name_plural = _("charter submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["signatory", "year"], name="diversity_one_submission_a_year"
            ),
            models.CheckConstraint(
                condition=Q(
                    tech_headcount=F("women") + F("men") + F("sex_other_or_unknown")
                ),
                name="diversity_submission_sex_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(
                    tech_headcount=F("ethnicity_white")
                    + F("ethnicity_mixed")
                    + F("ethnicity_asian")
                    + F("ethnicity_black")
                    + F("ethnicity_other")
                    + F("ethnicity_unknown")
                ),
                name="diversity_submission_ethnicity_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(recruited_women__lte=F("recruited")),
                name="diversity_submission_recruited_women_within_recruited",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signatory} {self.year}"
