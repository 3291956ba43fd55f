import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civic.validators import normalise_postcode, validate_uk_postcode


class Site(models.Model):
    """A library or community centre that lends devices or runs training."""

    class Kind(models.TextChoices):
        LIBRARY = "library", _("Library")
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        OTHER = "other", _("Other community venue")

    # Stable public identifier for Open Referral UK output (never the row id).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(_("type of place"), max_length=20, choices=Kind)
    # Who runs it (a council, a charity): the Open Referral "organization".
    operator = models.ForeignKey(
        "civic.Organisation",
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="inclusion_sites",
    )
    description = models.TextField(_("what happens here"), blank=True)
    address_line_1 = models.CharField(_("address line 1"), max_length=150)
    address_line_2 = models.CharField(_("address line 2"), max_length=150, blank=True)
    town = models.CharField(_("town or city"), max_length=80, default="London")
    postcode = models.CharField(
        _("postcode"), max_length=8, validators=[validate_uk_postcode]
    )
    borough = models.ForeignKey(
        "civic.Borough",
        verbose_name=_("borough"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.TextField(
        _("accessibility information"),
        help_text=_("Step-free access, hearing loops, accessible toilets, parking."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    lends_devices = models.BooleanField(_("lends devices"), default=True)
    runs_training = models.BooleanField(_("runs training sessions"), default=True)
    is_active = models.BooleanField(_("open to the public"), default=True)
    # Staff based here (see their site dashboard first).
    staff = models.ManyToManyField(
        "civic.User", blank=True, related_name="inclusion_sites"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lending site")
        verbose_name_plural = _("lending sites")
        permissions = [
            # The lending desk: act for residents, allocate, lend, book.
            ("run_lending", "Can lend devices and book training for residents"),
            ("view_evaluation", "Can see the programme's evaluation dashboard"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("inclusion:site_detail", kwargs={"slug": self.slug})

    @property
    def postcode_district(self) -> str:
        """The outward code: "SE6" for "SE6 4RU"."""
        return self.postcode.split(" ")[0] if self.postcode else ""


class OpeningHours(models.Model):
    """One opening period on a weekday (a site may open twice a day)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    opens_at = models.TimeField(_("opens"))
    closes_at = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="inclusion_hours_close_after_open",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6),
                name="inclusion_hours_weekday_valid",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
        )
