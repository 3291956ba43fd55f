"""Equality monitoring categories shared by every app that asks them.

The questions and answers follow the GOV.UK Design System's equality
information pattern and the 2021 Census in England; one definition here so
that Talk London, the Digital Talent Programme and the Tech Talent Charter
count the same people the same way. Every question has "Prefer not to say".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFER_NOT_TO_SAY = "prefer_not_to_say"
_PNTS = (PREFER_NOT_TO_SAY, _("Prefer not to say"))


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT = _PNTS


class GenderSameAsSex(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = _PNTS


class EthnicGroup(models.TextChoices):
    """The five high-level groups of the 2021 Census in England."""

    WHITE = "white", _("White")
    MIXED = "mixed", _("Mixed or Multiple ethnic groups")
    ASIAN = "asian", _("Asian or Asian British")
    BLACK = "black", _("Black, Black British, Caribbean or African")
    OTHER = "other", _("Other ethnic group")
    PREFER_NOT = _PNTS


class EthnicBackground(models.TextChoices):
    """The 19 detailed groups of the 2021 Census in England; the prefix names the group."""

    WHITE_BRITISH = (
        "white_british",
        _("English, Welsh, Scottish, Northern Irish or British"),
    )
    WHITE_IRISH = "white_irish", _("Irish")
    WHITE_GYPSY = "white_gypsy_traveller", _("Gypsy or Irish Traveller")
    WHITE_ROMA = "white_roma", _("Roma")
    WHITE_OTHER = "white_other", _("Any other White background")
    MIXED_WBC = "mixed_white_black_caribbean", _("White and Black Caribbean")
    MIXED_WBA = "mixed_white_black_african", _("White and Black African")
    MIXED_WA = "mixed_white_asian", _("White and Asian")
    MIXED_OTHER = "mixed_other", _("Any other Mixed or Multiple ethnic background")
    ASIAN_INDIAN = "asian_indian", _("Indian")
    ASIAN_PAKISTANI = "asian_pakistani", _("Pakistani")
    ASIAN_BANGLADESHI = "asian_bangladeshi", _("Bangladeshi")
    ASIAN_CHINESE = "asian_chinese", _("Chinese")
    ASIAN_OTHER = "asian_other", _("Any other Asian background")
    BLACK_CARIBBEAN = "black_caribbean", _("Caribbean")
    BLACK_AFRICAN = "black_african", _("African")
    BLACK_OTHER = (
        "black_other",
        _("Any other Black, Black British or Caribbean background"),
    )
    OTHER_ARAB = "other_arab", _("Arab")
    OTHER_ANY = "other_any", _("Any other ethnic group")
    PREFER_NOT = _PNTS


class Disability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = _PNTS


# Black, Asian and minority ethnic: every high-level group but White. People
# who preferred not to say are counted in neither numerator nor denominator.
BAME_GROUPS = (
    EthnicGroup.MIXED,
    EthnicGroup.ASIAN,
    EthnicGroup.BLACK,
    EthnicGroup.OTHER,
)
