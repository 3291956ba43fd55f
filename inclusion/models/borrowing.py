import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The programme's loan rules (issue 6). The database holds them too: see the
# CHECK constraints below and, on PostgreSQL, migration 0002's constraints.
MAX_LOAN_DAYS = 28
MAX_EXTENSION_DAYS = 14
MAX_TOTAL_DAYS = 42
REMINDER_DAYS_BEFORE_DUE = 3


class Circumstance(models.TextChoices):
    """Circumstances a scheme may accept (asked of every applicant)."""

    UNEMPLOYED = "unemployed", _("Unemployed or looking for work")
    UNIVERSAL_CREDIT = "universal_credit", _("Claiming Universal Credit")
    PENSION_CREDIT = "pension_credit", _("Claiming Pension Credit")
    DISABLED = "disabled", _("Disabled or living with a long-term condition")
    CARER = "carer", _("An unpaid carer")
    SMART_METER = "smart_meter", _("Have, or are being offered, a smart energy meter")


class Scheme(models.Model):
    """Who can borrow: "Lewisham residents aged 50+ or unemployed".

    A person is eligible when they live in one of ``boroughs`` (all of London
    when none are set) AND (they are at least ``min_age`` OR they have one of
    ``circumstances``). A scheme with neither an age nor circumstances is open
    to everyone in its boroughs.
    """

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    summary = models.TextField(_("who it is for, in plain English"))
    boroughs = models.ManyToManyField(
        "civic.Borough",
        verbose_name=_("boroughs"),
        blank=True,
        related_name="+",
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    # Circumstance codes (Circumstance values), any one of which qualifies.
    circumstances = models.JSONField(_("qualifying circumstances"), default=list)
    sites = models.ManyToManyField(
        "inclusion.Site", verbose_name=_("lending sites"), related_name="schemes"
    )
    other_help = models.TextField(
        _("other help, for people who are not eligible"),
        help_text=_("Shown to people this scheme cannot help: where else to go."),
    )
    is_open = models.BooleanField(_("taking applications"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lending scheme")
        verbose_name_plural = _("lending schemes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inclusion:apply_start", kwargs={"scheme": self.slug})


class BorrowRequest(models.Model):
    """A place on a site's waiting list for a device."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ALLOCATED = "allocated", _("Device allocated")
        ON_LOAN = "on_loan", _("On loan")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.WAITING, Status.ALLOCATED, Status.ON_LOAN)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="requests"
    )
    site = models.ForeignKey(
        "inclusion.Site", on_delete=models.PROTECT, related_name="borrow_requests"
    )
    participant = models.ForeignKey(
        "inclusion.Participant",
        on_delete=models.CASCADE,
        related_name="borrow_requests",
    )
    device_kind = models.CharField(_("device wanted"), max_length=10, default="tablet")
    # The answers the eligibility decision was made on.
    circumstances = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=Status, default=Status.WAITING, db_index=True
    )
    # Assisted digital: the member of staff who applied for the resident, and
    # the consent the resident gave them (how, and when).
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_given_at = models.DateTimeField(_("consent given"))
    consent_note = models.CharField(
        _("how the resident gave consent"), max_length=200, blank=True
    )
    applied_at = models.DateTimeField(auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["applied_at", "id"]
        verbose_name = _("borrowing request")
        verbose_name_plural = _("borrowing requests")
        indexes = [models.Index(fields=["site", "status", "applied_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "scheme"],
                condition=Q(status__in=["waiting", "allocated", "on_loan"]),
                name="inclusion_one_open_request_per_scheme",
            ),
            # Staff applying for someone must record how they agreed.
            models.CheckConstraint(
                condition=Q(applied_by__isnull=True) | ~Q(consent_note=""),
                name="inclusion_assisted_request_records_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} at {self.site}"


class Loan(models.Model):
    """A device reserved for, or lent to, one participant for a date range.

    ``starts_on``..``due_on`` (inclusive) is the device's booked period; a
    reservation books it from the collection day. On PostgreSQL an exclusion
    constraint (migration 0002) refuses two active loans or reservations of one
    device whose periods overlap; date-arithmetic checks refuse a first period
    longer than 28 days, an extension over 14 and a total over 42.
    """

    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved for collection")
        ON_LOAN = "on_loan", _("On loan")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")
        LOST = "lost", _("Lost")

    ACTIVE_STATUSES = (Status.RESERVED, Status.ON_LOAN)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    device = models.ForeignKey(
        "inclusion.Device", on_delete=models.PROTECT, related_name="loans"
    )
    request = models.ForeignKey(
        BorrowRequest, on_delete=models.PROTECT, related_name="loans"
    )
    participant = models.ForeignKey(
        "inclusion.Participant", on_delete=models.PROTECT, related_name="loans"
    )
    site = models.ForeignKey(
        "inclusion.Site", on_delete=models.PROTECT, related_name="loans"
    )
    status = models.CharField(
        max_length=10, choices=Status, default=Status.RESERVED, db_index=True
    )
    collection_at = models.DateTimeField(_("collection time"))
    starts_on = models.DateField(_("start date"))
    original_due_on = models.DateField(_("first due date"))
    due_on = models.DateField(_("due date"), db_index=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    collected_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        indexes = [models.Index(fields=["site", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(original_due_on__gte=F("starts_on")),
                name="inclusion_loan_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("original_due_on")),
                name="inclusion_loan_never_shortened_below_first_due",
            ),
            # Extended once: a due date past the first one means an extension
            # was recorded.
            models.CheckConstraint(
                condition=Q(due_on=F("original_due_on")) | Q(extended_at__isnull=False),
                name="inclusion_loan_extension_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(returned_on__isnull=False),
                name="inclusion_loan_returned_has_date",
            ),
            # One active loan per request.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["reserved", "on_loan"]),
                name="inclusion_one_active_loan_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device} to {self.participant}"

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None


class LoanReminder(models.Model):
    """A reminder sent for a loan: each kind exactly once for each due date
    (unique). An extension moves the due date, so the new date gets its own
    reminder 3 days before it, once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due in 3 days")
        OVERDUE = "overdue", _("Overdue")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind)
    channel = models.CharField(max_length=10, choices=Channel)
    # The due date the reminder was about (the loan's, when it was sent).
    due_on = models.DateField(_("due date reminded of"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Letters are printed and posted by site staff; this records when.
    printed_at = models.DateTimeField(null=True, blank=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("loan reminder")
        verbose_name_plural = _("loan reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "kind", "due_on"],
                name="inclusion_reminder_once_per_kind_and_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.loan}"

    def save(self, *args, **kwargs):
        if self.due_on is None:
            self.due_on = self.loan.due_on
        super().save(*args, **kwargs)
