"""A member's "about you" (equality) answers: special-category personal data.

Kept out of the profile, one row per person, with the consent they gave. Nobody
sees a row: staff see only suppressed aggregates (``talk_london.representativeness``).
That is also why the model has no admin and is not a Wagtail snippet.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic.equality import (  # noqa: F401 (re-exported for Talk London)
    _PNTS,
    PREFER_NOT_TO_SAY,
    Disability,
    EthnicBackground,
    EthnicGroup,
    GenderSameAsSex,
    Sex,
)

# Bump when the consent statement on the start page changes.
CONSENT_VERSION = "2026-11"


class AgeBand(models.TextChoices):
    AGE_16_24 = "16-24", _("16 to 24")
    AGE_25_34 = "25-34", _("25 to 34")
    AGE_35_44 = "35-44", _("35 to 44")
    AGE_45_54 = "45-54", _("45 to 54")
    AGE_55_64 = "55-64", _("55 to 64")
    AGE_65_74 = "65-74", _("65 to 74")
    AGE_75_PLUS = "75+", _("75 or over")
    PREFER_NOT = _PNTS


class WorkingStatus(models.TextChoices):
    FULL_TIME = "employed_full_time", _("Employed full-time")
    PART_TIME = "employed_part_time", _("Employed part-time")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed and looking for work")
    STUDENT = "student", _("Student")
    RETIRED = "retired", _("Retired")
    CARING = "caring", _("Looking after home or family")
    SICK = "long_term_sick", _("Long-term sick or disabled")
    OTHER = "other", _("Other")
    PREFER_NOT = _PNTS


class HousingTenure(models.TextChoices):
    OWN_OUTRIGHT = "own_outright", _("Own it outright")
    MORTGAGE = "mortgage", _("Own it with a mortgage or loan")
    SHARED = "shared_ownership", _("Shared ownership (part own, part rent)")
    SOCIAL = "social_rent", _("Rent from the council or a housing association")
    PRIVATE = "private_rent", _("Rent from a private landlord or letting agency")
    RENT_FREE = "rent_free", _("Live rent free")
    OTHER = "other", _("Other")
    PREFER_NOT = _PNTS


class AboutYou(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="talk_london_about_you",
    )
    consent_given_at = models.DateTimeField(_("consent given"))
    consent_version = models.CharField(max_length=20, default=CONSENT_VERSION)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set on "Check your answers": only confirmed answers are counted.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    age_band = models.CharField(max_length=20, choices=AgeBand, blank=True)
    sex = models.CharField(max_length=20, choices=Sex, blank=True)
    gender_same_as_sex = models.CharField(
        max_length=20, choices=GenderSameAsSex, blank=True
    )
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup, blank=True)
    ethnic_background = models.CharField(
        max_length=40, choices=EthnicBackground, blank=True
    )
    disability = models.CharField(max_length=20, choices=Disability, blank=True)
    working_status = models.CharField(max_length=20, choices=WorkingStatus, blank=True)
    housing_tenure = models.CharField(max_length=20, choices=HousingTenure, blank=True)
    # A borough's ONS GSS code (civic.Borough.gss_code) or "prefer_not_to_say":
    # a code, not a foreign key, so the answer is a plain value to group by.
    borough_code = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("about you answers")
        verbose_name_plural = _("about you answers")
        default_permissions = ()
        permissions = [
            (
                "view_representativeness",
                _("Can see how representative Talk London's members are"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(borough_code="")
                | models.Q(borough_code=PREFER_NOT_TO_SAY)
                | models.Q(borough_code__regex=r"^E090000[0-3][0-9]$"),
                name="about_you_borough_code_is_london_or_prefer_not",
            ),
        ]

    def __str__(self) -> str:
        # Deliberately says nothing about the answers.
        return f"About you answers #{self.pk}"
