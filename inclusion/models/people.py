import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic.validators import normalise_postcode, validate_uk_postcode


class Participant(models.Model):
    """A resident as the programme knows them: online or not.

    Residents who are online have a portal account (``user``). Many do not:
    staff at a library create the record for them (assisted digital) and the
    programme then writes to them by letter. Everything in the programme
    (requests, loans, bookings, questionnaires) points here, never at a user.
    """

    class Contact(models.TextChoices):
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Phone call")

    # Shared in staff URLs instead of the row id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inclusion_participant",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
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
    contact_preference = models.CharField(
        _("how should we contact you"),
        max_length=10,
        choices=Contact,
        default=Contact.EMAIL,
    )
    # Assisted digital: the member of staff who created the record, and how
    # the resident agreed to us holding it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_given_at = models.DateTimeField(_("consent given"))
    # UK GDPR erasure (inclusion.personal_data): asked for while a device was
    # still out (the record waits for it to come back), and done.
    erasure_requested_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(contact_preference="email") | ~models.Q(email=""),
                name="inclusion_participant_email_if_preferred",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or str(_("Former participant"))

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    @property
    def is_assisted(self) -> bool:
        return self.created_by_id is not None

    def age_on(self, day) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
